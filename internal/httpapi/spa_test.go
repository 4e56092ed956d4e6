package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// precompressedSite is a built frontend whose script and index.html have
// gzip and brotli twins, and whose stylesheet has none. The .br files are
// marked bytes: the server never decodes them, it only picks them.
type precompressedSite struct {
	url                string
	script, gz, br     []byte
	index, indexBrotli []byte
}

func startPrecompressed(t *testing.T) precompressedSite {
	t.Helper()
	web := t.TempDir()
	if err := os.MkdirAll(filepath.Join(web, "assets"), 0o755); err != nil {
		t.Fatal(err)
	}
	site := precompressedSite{
		script:      []byte(strings.Repeat("console.log('the app');\n", 200)),
		br:          []byte("BROTLI-TWIN-OF-APP-JS"),
		index:       []byte("<html>APP-SHELL</html>"),
		indexBrotli: []byte("BROTLI-TWIN-OF-INDEX"),
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(site.script)
	zw.Close()
	site.gz = gz.Bytes()
	files := map[string][]byte{
		"index.html":            site.index,
		"index.html.br":         site.indexBrotli,
		"assets/app-1234.js":    site.script,
		"assets/app-1234.js.gz": site.gz,
		"assets/app-1234.js.br": site.br,
		"assets/plain-1234.css": []byte("body{margin:0}"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(web, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site.url = start(t, web, nil).URL
	return site
}

// fetchRaw sends a request with exactly the headers given: no client that
// adds Accept-Encoding itself or decodes the answer.
func fetchRaw(t *testing.T, method, url string, headers map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestStaticCompressedNegotiation(t *testing.T) {
	site := startPrecompressed(t)
	script := site.url + "/assets/app-1234.js"
	cases := []struct {
		name, acceptEncoding string
		wantCoding           string
		want                 []byte
	}{
		{"ChromiumOverHTTPS", "gzip, deflate, br, zstd", "br", site.br},
		{"GzipOnly", "gzip, deflate", "gzip", site.gz},
		{"LegacyXGzip", "x-gzip", "gzip", site.gz},
		{"Identity", "", "", site.script},
		{"IdentityNamed", "identity", "", site.script},
		{"UnknownCodingOnly", "zstd", "", site.script},
		{"BrotliRefused", "br;q=0, gzip", "gzip", site.gz},
		{"BothRefused", "gzip;q=0, br;q=0", "", site.script},
		{"GzipWeighedHigher", "gzip;q=1.0, br;q=0.5", "gzip", site.gz},
		{"AnyCoding", "*", "br", site.br},
		{"AnyButBrotli", "*, br;q=0", "gzip", site.gz},
		{"NothingButIdentity", "*;q=0, identity", "", site.script},
		{"CaseAndSpaces", " GZIP ; Q=0.8 ,BR;q=0", "gzip", site.gz},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			headers := map[string]string{}
			if tc.acceptEncoding != "" {
				headers["Accept-Encoding"] = tc.acceptEncoding
			}
			resp, body := fetchRaw(t, http.MethodGet, script, headers)
			if resp.StatusCode != 200 || !bytes.Equal(body, tc.want) {
				t.Fatalf("Accept-Encoding %q: %d, %d bytes %q", tc.acceptEncoding, resp.StatusCode, len(body), clip(body))
			}
			if got := resp.Header.Get("Content-Encoding"); got != tc.wantCoding {
				t.Fatalf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.acceptEncoding, got, tc.wantCoding)
			}
			if got := resp.Header.Get("Content-Type"); got != "text/javascript; charset=utf-8" {
				t.Fatalf("Content-Type %q: a twin must carry its original's type", got)
			}
			if !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
				t.Fatalf("Vary %q: a cache would hand one encoding to every client", resp.Header.Get("Vary"))
			}
			if got := resp.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
				t.Fatalf("Cache-Control %q on a hashed asset", got)
			}
			if resp.ContentLength != int64(len(tc.want)) {
				t.Fatalf("Content-Length %d, want %d", resp.ContentLength, len(tc.want))
			}
		})
	}

	t.Run("GzipTwinDecodesToTheFile", func(t *testing.T) {
		_, body := fetchRaw(t, http.MethodGet, script, map[string]string{"Accept-Encoding": "gzip"})
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(plain, site.script) {
			t.Fatalf("decoded %d bytes (%v), want the %d of the script", len(plain), err, len(site.script))
		}
	})

	t.Run("FileWithoutTwin", func(t *testing.T) {
		resp, body := fetchRaw(t, http.MethodGet, site.url+"/assets/plain-1234.css", map[string]string{"Accept-Encoding": "gzip, br"})
		if resp.StatusCode != 200 || string(body) != "body{margin:0}" || resp.Header.Get("Content-Encoding") != "" {
			t.Fatalf("%d %q encoding %q", resp.StatusCode, body, resp.Header.Get("Content-Encoding"))
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/css; charset=utf-8" {
			t.Fatalf("Content-Type %q", ct)
		}
	})

	t.Run("Head", func(t *testing.T) {
		resp, body := fetchRaw(t, http.MethodHead, script, map[string]string{"Accept-Encoding": "gzip, br"})
		if resp.StatusCode != 200 || len(body) != 0 || resp.Header.Get("Content-Encoding") != "br" {
			t.Fatalf("%d, %d bytes, encoding %q", resp.StatusCode, len(body), resp.Header.Get("Content-Encoding"))
		}
		if resp.Header.Get("Content-Length") != strconv.Itoa(len(site.br)) || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
			t.Fatalf("HEAD headers %v, want the GET's (length %d)", resp.Header, len(site.br))
		}
	})

	t.Run("RangeCountsInTheFile", func(t *testing.T) {
		resp, body := fetchRaw(t, http.MethodGet, script, map[string]string{"Accept-Encoding": "gzip, br", "Range": "bytes=8-18"})
		if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, site.script[8:19]) {
			t.Fatalf("%d %q, want 206 %q", resp.StatusCode, body, site.script[8:19])
		}
		if resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("Content-Range") != "bytes 8-18/"+strconv.Itoa(len(site.script)) {
			t.Fatalf("headers %v", resp.Header)
		}
	})

	t.Run("NotModified", func(t *testing.T) {
		first, _ := fetchRaw(t, http.MethodGet, script, map[string]string{"Accept-Encoding": "br"})
		resp, body := fetchRaw(t, http.MethodGet, script, map[string]string{"Accept-Encoding": "br", "If-Modified-Since": first.Header.Get("Last-Modified")})
		if first.Header.Get("Last-Modified") == "" || resp.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Fatalf("Last-Modified %q, revalidation %d with %d bytes", first.Header.Get("Last-Modified"), resp.StatusCode, len(body))
		}
	})

	t.Run("AppShell", func(t *testing.T) {
		for _, path := range []string{"/", "/officials/12", "/index.html"} {
			resp, body := fetchRaw(t, http.MethodGet, site.url+path, map[string]string{"Accept-Encoding": "gzip, deflate, br"})
			if resp.StatusCode != 200 || !bytes.Equal(body, site.indexBrotli) || resp.Header.Get("Content-Encoding") != "br" {
				t.Fatalf("%s: %d %q encoding %q", path, resp.StatusCode, body, resp.Header.Get("Content-Encoding"))
			}
			if resp.Header.Get("Content-Type") != "text/html; charset=UTF-8" || resp.Header.Get("Cache-Control") != "no-store" ||
				!strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
				t.Fatalf("%s: headers %v", path, resp.Header)
			}
			// index.html has no gzip twin here: a gzip-only client gets it as it is.
			resp, body = fetchRaw(t, http.MethodGet, site.url+path, map[string]string{"Accept-Encoding": "gzip"})
			if resp.StatusCode != 200 || !bytes.Equal(body, site.index) || resp.Header.Get("Content-Encoding") != "" {
				t.Fatalf("%s gzip only: %d %q encoding %q", path, resp.StatusCode, body, resp.Header.Get("Content-Encoding"))
			}
		}
	})
}

func clip(b []byte) []byte {
	if len(b) > 40 {
		return b[:40]
	}
	return b
}
