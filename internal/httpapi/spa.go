package httpapi

import (
	"io/fs"
	"net/http"
	"os"
	"path"
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
func (s *Server) registerSPA() {
	fsys := os.DirFS(s.deps.WebDir)
	handler := func(c echo.Context) error {
		p := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
		if p != "" && p != "index.html" && fs.ValidPath(p) {
			if st, err := fs.Stat(fsys, p); err == nil && st.Mode().IsRegular() {
				if strings.HasPrefix(p, "assets/") {
					c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				return echo.StaticFileHandler(p, fsys)(c)
			}
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		index, err := fs.ReadFile(fsys, "index.html")
		if err != nil {
			return c.HTML(http.StatusOK, notBuilt)
		}
		return c.HTMLBlob(http.StatusOK, index)
	}
	s.echo.GET("/*", handler)
	s.echo.HEAD("/*", handler)
}
