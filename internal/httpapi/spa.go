package httpapi

import (
	"bytes"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// notBuilt is served when the frontend has not been built yet, so that the
// API works (and `go test` passes) before `npm run build` has run.
const notBuilt = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>公职人员诚信积分平台</title></head>
<body><h1>公职人员诚信积分平台</h1><p>前端尚未构建：请运行 <code>make build</code>。</p>
<p>The frontend is not built yet: run <code>make build</code>. The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></body></html>`

// registerSPA serves the built Vue app from WebDir. A path that names a file
// gets the file; any other GET (a client route such as /officials/12) gets
// index.html, so deep links work. Hashed assets are cached for a year;
// index.html never, so a release is picked up at once.
//
// The build writes a brotli (x.br) and a gzip (x.gz) twin beside each file
// that compresses; the one the request's Accept-Encoding prefers is sent in
// place of the file, with the file's own Content-Type.
func (s *Server) registerSPA() {
	fsys := os.DirFS(s.deps.WebDir)
	handler := func(c echo.Context) error {
		p := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
		if p != "" && p != "index.html" && fs.ValidPath(p) {
			if st, err := fs.Stat(fsys, p); err == nil && st.Mode().IsRegular() {
				if strings.HasPrefix(p, "assets/") {
					c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				return serveStatic(c, fsys, p, st)
			}
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return serveIndex(c, fsys)
	}
	s.echo.GET("/*", handler)
	s.echo.HEAD("/*", handler)
}

// precompressed are the encodings the build writes twins for, by suffix,
// the preferred first when the client weighs them alike.
var precompressed = []struct{ coding, suffix string }{{"br", ".br"}, {"gzip", ".gz"}}

// acceptedCoding picks the content coding to send of those offered (by
// Accept-Encoding): the one with the highest weight, ties going to the
// earlier in precompressed. "" means the file as it is.
func acceptedCoding(header string, offered []string) string {
	weights := map[string]float64{}
	star, hasStar := 0.0, false
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(part, ";")
		name := strings.ToLower(strings.TrimSpace(fields[0]))
		if name == "" {
			continue
		}
		q := 1.0
		for _, param := range fields[1:] {
			k, v, ok := strings.Cut(strings.TrimSpace(param), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					q = f
				} else {
					q = 0
				}
			}
		}
		if name == "*" {
			star, hasStar = q, true
		} else if name == "x-gzip" {
			weights["gzip"] = q
		} else {
			weights[name] = q
		}
	}
	best, bestQ := "", 0.0
	for _, coding := range offered {
		q, listed := weights[coding]
		if !listed {
			if !hasStar {
				continue
			}
			q = star
		}
		if q > bestQ {
			best, bestQ = coding, q
		}
	}
	return best
}

// twin names the precompressed twin of p that the request accepts, if the
// build wrote one: its content coding and file name. A request for a range
// gets the file itself, whose byte offsets it counts in.
func twin(c echo.Context, fsys fs.FS, p string) (coding, name string) {
	req := c.Request()
	c.Response().Header().Add("Vary", "Accept-Encoding")
	if req.Header.Get("Range") != "" {
		return "", ""
	}
	var offered []string
	for _, e := range precompressed {
		if st, err := fs.Stat(fsys, p+e.suffix); err == nil && st.Mode().IsRegular() {
			offered = append(offered, e.coding)
		}
	}
	coding = acceptedCoding(req.Header.Get("Accept-Encoding"), offered)
	for _, e := range precompressed {
		if e.coding == coding {
			return coding, p + e.suffix
		}
	}
	return "", ""
}

// contentType is the Content-Type of the file p names, as http.ServeContent
// would give it.
func contentType(p string) string {
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// serveStatic sends the file p (or its accepted twin) with conditional
// requests, ranges and HEAD as http.ServeContent answers them. The twin
// carries the file's own Content-Type and modification time.
func serveStatic(c echo.Context, fsys fs.FS, p string, st fs.FileInfo) error {
	coding, name := twin(c, fsys, p)
	if coding == "" {
		return echo.StaticFileHandler(p, fsys)(c)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return echo.StaticFileHandler(p, fsys)(c)
	}
	defer f.Close()
	content, ok := f.(io.ReadSeeker)
	if !ok {
		data, err := io.ReadAll(f)
		if err != nil {
			return err
		}
		content = bytes.NewReader(data)
	}
	h := c.Response().Header()
	h.Set("Content-Type", contentType(p))
	h.Set("Content-Encoding", coding)
	// http.ServeContent leaves out the length of an encoded body; HEAD and
	// the browser's progress want it. A precondition that fails answers 412
	// with no body, so the length is not declared then.
	req := c.Request()
	if req.Header.Get("If-Match") == "" && req.Header.Get("If-Unmodified-Since") == "" {
		if size, err := content.Seek(0, io.SeekEnd); err == nil {
			if _, err := content.Seek(0, io.SeekStart); err == nil {
				h.Set("Content-Length", strconv.FormatInt(size, 10))
			}
		}
	}
	http.ServeContent(c.Response(), c.Request(), p, st.ModTime(), content)
	return nil
}

// serveIndex sends index.html (or its accepted twin), or the page that says
// the frontend is not built.
func serveIndex(c echo.Context, fsys fs.FS) error {
	if coding, name := twin(c, fsys, "index.html"); coding != "" {
		if data, err := fs.ReadFile(fsys, name); err == nil {
			c.Response().Header().Set("Content-Encoding", coding)
			return c.Blob(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, data)
		}
	}
	index, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		return c.HTML(http.StatusOK, notBuilt)
	}
	return c.HTMLBlob(http.StatusOK, index)
}
