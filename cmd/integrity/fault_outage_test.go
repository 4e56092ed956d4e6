package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"integrity/internal/store/storetest"
)

// tcpProxy forwards connections to a database server; cutting it is an
// outage of the database as the application sees it (the network or the
// server gone), without stopping the server other tests share.
type tcpProxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
}

func startProxy(t *testing.T, target string) *tcpProxy {
	p := &tcpProxy{t: t, target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			if p.ln != ln { // cut while this one was connecting
				p.mu.Unlock()
				c.Close()
				up.Close()
				continue
			}
			p.conns[c], p.conns[up] = true, true
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
}

// cut closes the listener and every connection through it: new
// connections are refused, open ones break.
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

// restore listens again on the same address.
func (p *tcpProxy) restore() {
	p.t.Helper()
	var ln net.Listener
	var err error
	poll(p.t, 10*time.Second, "listening on "+p.addr+" again", func() bool {
		ln, err = net.Listen("tcp", p.addr)
		return err == nil
	})
	p.serve(ln)
}

// TestFaultDatabaseOutage cuts the server off its database server (MySQL
// or PostgreSQL, whichever the suite runs on) while
// clients keep calling it: every call answers 503 problem+json with
// Retry-After (never a 500, never a hang), /readyz says not ready while
// /healthz stays up, and once the database is back the same process
// answers 200 again, without a restart.
func TestFaultDatabaseOutage(t *testing.T) {
	raw := storetest.ServerURL(t)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	proxy := startProxy(t, u.Host)
	u.Host = proxy.addr
	s := newSite(t, u.String(), 40)
	direct := newSite(t, raw, 40) // the same database, not through the proxy
	srv := s.start()
	admin := srv.login("admin")
	clerk := srv.login("clerk")
	db := direct.open()
	var official int64
	if err := db.SQL().QueryRow("SELECT MIN(id) FROM officials").Scan(&official); err != nil {
		t.Fatal(err)
	}
	reads := []string{fmt.Sprintf("/api/v1/officials/%d/score", official), fmt.Sprintf("/api/v1/officials/%d/file", official),
		"/api/v1/me", "/api/v1/officials?page_size=5", "/api/v1/departments"}

	// Clients call the server all along; every answer is 200 or 503.
	var mu sync.Mutex
	statuses := map[int]int{}
	var wrong []string
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var wg sync.WaitGroup
	for c := 0; c < 4; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := c; ctx.Err() == nil; i++ {
				path := reads[i%len(reads)]
				start := time.Now()
				a, err := call(ctx, http.MethodGet, srv.url+path, admin, nil, "")
				if ctx.Err() != nil {
					return
				}
				mu.Lock()
				switch {
				case err != nil:
					wrong = append(wrong, fmt.Sprintf("%s: no answer: %v", path, err))
				case a.Status != 200 && a.Status != 503:
					wrong = append(wrong, fmt.Sprintf("%s: %d %s", path, a.Status, a.Body))
				case time.Since(start) > 20*time.Second:
					wrong = append(wrong, fmt.Sprintf("%s: answered after %s", path, time.Since(start)))
				default:
					statuses[a.Status]++
				}
				mu.Unlock()
				time.Sleep(5 * time.Millisecond)
			}
		}(c)
	}
	srv.must(http.MethodGet, "/readyz", "", nil, 200)

	proxy.cut()
	poll(t, 20*time.Second, "/readyz reporting the outage", func() bool {
		a, err := call(context.Background(), http.MethodGet, srv.url+"/readyz", "", nil, "")
		return err == nil && a.Status == 503
	})
	outage := func(method, path, token string, body any) {
		t.Helper()
		a, err := call(context.Background(), method, srv.url+path, token, body, "")
		if err != nil {
			t.Fatalf("%s %s during the outage: no answer: %v", method, path, err)
		}
		p := a.problem(t)
		if a.Status != 503 || p["code"] != "unavailable" || a.Header.Get("Retry-After") == "" {
			t.Fatalf("%s %s during the outage: %d (Retry-After %q) %s, want 503 unavailable with Retry-After",
				method, path, a.Status, a.Header.Get("Retry-After"), a.Body)
		}
		if strings.Contains(string(a.Body), "dial tcp") || strings.Contains(string(a.Body), proxy.addr) {
			t.Fatalf("the problem shows the driver's error: %s", a.Body)
		}
	}
	outage(http.MethodGet, "/readyz", "", nil)
	for _, path := range reads {
		outage(http.MethodGet, path, admin, nil)
	}
	outage(http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": "auditor", "password": demoPassword})
	outage(http.MethodPost, "/api/v1/records", clerk, map[string]any{"records": []map[string]any{{"id_number": "x", "source_ref": "OUT-1"}}})
	srv.must(http.MethodGet, "/healthz", "", nil, 200)
	poll(t, 20*time.Second, "the clients' calls answering 503", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return statuses[503] >= 40
	})

	proxy.restore()
	poll(t, 30*time.Second, "/readyz after the database came back", func() bool {
		a, err := call(context.Background(), http.MethodGet, srv.url+"/readyz", "", nil, "")
		return err == nil && a.Status == 200
	})
	for _, path := range reads {
		srv.must(http.MethodGet, path, admin, nil, 200)
	}
	srv.login("auditor")
	mu.Lock()
	after := statuses[200]
	mu.Unlock()
	poll(t, 10*time.Second, "the clients' calls answering again", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return statuses[200] > after+20
	})
	stop()
	wg.Wait()
	if len(wrong) > 0 {
		t.Fatalf("%d calls answered neither 200 nor 503 in time, first: %s", len(wrong), wrong[0])
	}
	t.Logf("clients: %d answers 200, %d answers 503", statuses[200], statuses[503])
	srv.stop()
	direct.auditVerify()
}
