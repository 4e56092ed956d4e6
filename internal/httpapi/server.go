// Package httpapi is the HTTP edge of the platform: Echo routes, request and
// response types, middleware, and the one error-to-status table.
package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"integrity/internal/app"
	"integrity/internal/auth"
	"integrity/internal/domain"
)

// Deps is everything the HTTP layer needs, passed in explicitly.
type Deps struct {
	// App is the only door to the data: httpapi holds no database handle.
	App *app.Service
	// Enforcer is the route policy; New refuses to build a server without it.
	Enforcer *auth.Enforcer
	Log      *slog.Logger
	Version  string
	Env      string
	Demo     bool
	// ExposeVersion: /api/v1/meta and /metrics name Version, Env and the
	// Go runtime (config.ExposeVersion); otherwise they leave them out.
	ExposeVersion bool
	// WebDir holds the built frontend (index.html and assets/).
	WebDir string
	// Registry receives the server's metrics; a fresh one per server.
	Registry *prometheus.Registry
	// CORSOrigins may call the API from a browser page (config.CORSOrigins).
	CORSOrigins []string
	// TrustedProxies are the load balancers whose X-Forwarded-For names the
	// client (config.TrustedProxies); none: the connection's address.
	TrustedProxies []*net.IPNet
}

// Server is the platform's HTTP server.
type Server struct {
	echo    *echo.Echo
	log     *slog.Logger
	deps    Deps
	metrics *httpMetrics
	openapi []byte

	app      *app.Service
	enforcer *auth.Enforcer
	// needsSignIn holds "route METHOD" pairs that some role may call, so an
	// anonymous caller is told to sign in (401) rather than not found.
	needsSignIn map[string]bool
}

// New builds the server and registers every route.
func New(d Deps) (*Server, error) {
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Enforcer == nil || d.App == nil {
		return nil, errors.New("httpapi: the use cases and the route policy are both required")
	}
	doc, err := openAPIDocument()
	if err != nil {
		return nil, err
	}
	s := &Server{echo: echo.New(), log: d.Log, deps: d, openapi: doc, app: d.App, enforcer: d.Enforcer,
		needsSignIn: map[string]bool{}}
	for _, r := range d.Enforcer.Rules() {
		if len(r) == 3 && r[0] != domain.RoleAnonymous {
			s.needsSignIn[r[1]+" "+r[2]] = true
		}
	}
	if s.metrics, err = newHTTPMetrics(d.Registry); err != nil {
		return nil, err
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.IPExtractor = clientIP(d.TrustedProxies)
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{
		Generator: newRequestID,
	}))
	e.Use(s.observe, s.recoverer, securityHeaders, cors(d.CORSOrigins), bodyLimit)
	e.Use(s.authorize, textQuery)
	s.routes()
	return s, nil
}

// Echo returns the router, for tests that add probes of their own.
func (s *Server) Echo() *echo.Echo { return s.echo }

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

func (s *Server) routes() {
	e := s.echo
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metricsHandler())
	e.GET("/api/openapi.json", s.openAPI)

	v1 := e.Group("/api/v1")
	v1.GET("/meta", s.meta)

	v1.POST("/auth/login", s.login)
	v1.POST("/auth/refresh", s.refresh)
	v1.POST("/auth/activate", s.activate)
	v1.POST("/auth/logout", s.logout)
	v1.GET("/me", s.me)
	v1.POST("/me/password", s.changePassword)
	v1.POST("/me/totp/setup", s.totpSetup)
	v1.POST("/me/totp/enable", s.totpEnable)

	v1.GET("/users", s.listUsers)
	v1.POST("/users", s.createUser)
	v1.GET("/users/:id", s.getUser)
	v1.PATCH("/users/:id", s.updateUser)
	v1.PUT("/users/:id/roles", s.setRoles)
	v1.POST("/users/:id/reset-password", s.resetPassword)
	v1.POST("/users/:id/unlock", s.unlockUser)
	v1.POST("/users/:id/reset-totp", s.resetTOTP)
	v1.POST("/users/:id/activation", s.issueActivation)
	v1.GET("/grant-requests", s.listGrantRequests)
	v1.POST("/grant-requests/:id/approve", s.decideGrant(true))
	v1.POST("/grant-requests/:id/reject", s.decideGrant(false))

	v1.GET("/departments", s.listDepartments)
	v1.POST("/departments", s.createDepartment)
	v1.PATCH("/departments/:id", s.updateDepartment)

	v1.GET("/officials", s.listOfficials)
	v1.GET("/officials/export", s.exportOfficials)
	v1.POST("/officials/import", s.importOfficials)
	v1.GET("/officials/import/template", s.officialsTemplate)
	v1.POST("/officials", s.createOfficial)
	v1.GET("/officials/:id", s.getOfficial)
	v1.PATCH("/officials/:id", s.updateOfficial)
	v1.GET("/officials/:id/history", s.officialHistory)

	v1.GET("/catalogue", s.getCatalogue)
	v1.POST("/catalogue/codes", s.addCode)

	v1.GET("/sources", s.listSources)
	v1.POST("/sources", s.createSource)
	v1.PATCH("/sources/:id", s.updateSource)
	keyRoutes(s, v1, "/sources", s.sourceKeys())

	v1.POST("/records", s.submitRecords)
	v1.GET("/records", s.listRecords)
	v1.GET("/records/export", s.exportRecords)
	v1.GET("/records/:id", s.getRecord)
	v1.POST("/records/:id/revoke", s.revokeRecord)
	v1.GET("/officials/:id/file", s.officialFile)
	v1.GET("/officials/:id/score", s.officialScore)

	v1.POST("/imports", s.startImport)
	v1.GET("/imports", s.listImports)
	v1.GET("/imports/template", s.importTemplate)
	v1.GET("/imports/:id", s.getImport)
	v1.GET("/imports/:id/errors", s.importErrorReport)

	v1.GET("/policies/:kind", s.listPolicies)
	v1.POST("/policies/:kind", s.createDraft)
	v1.GET("/policies/:kind/:version", s.getPolicy)
	v1.PUT("/policies/:kind/:version", s.updateDraft)
	v1.POST("/policies/:kind/:version/preview", s.previewPolicy)
	v1.POST("/policies/:kind/:version/publish", s.publishPolicy)
	v1.GET("/jobs/:id", s.getJob)
	v1.POST("/recompute", s.startRecompute)

	v1.GET("/lookups/config", s.lookupConfig)
	v1.GET("/lookups/inbox", s.lookupInbox)
	v1.GET("/discipline/dashboard", s.disciplineDashboard)
	v1.GET("/lookups", s.listLookups)
	v1.GET("/lookups/export", s.exportLookups)
	v1.POST("/lookups", s.createLookup)
	v1.GET("/lookups/:id", s.getLookup)
	v1.POST("/lookups/:id/approve", s.decideLookup(true))
	v1.POST("/lookups/:id/reject", s.decideLookup(false))
	v1.POST("/lookups/:id/revoke", s.revokeLookup)

	v1.GET("/warnings/rules", s.warningRules)
	v1.GET("/warnings", s.listWarnings)
	v1.GET("/warnings/export", s.exportWarnings)
	v1.GET("/warnings/:id", s.getWarning)
	v1.POST("/warnings/:id/ack", s.decideWarning(false))
	v1.POST("/warnings/:id/resolve", s.decideWarning(true))

	v1.GET("/eligibility/purposes", s.eligibilityPurposes)
	v1.POST("/eligibility/checks", s.createCheck)
	v1.GET("/eligibility/checks", s.listChecks)
	v1.GET("/eligibility/checks/:id", s.getCheck)
	v1.GET("/eligibility/checks/:id/export", s.exportCheck)
	v1.POST("/eligibility/checks/:id/rerun", s.rerunCheck)
	v1.POST("/eligibility/checks/:id/results/:row/outcome", s.recordOutcome)
	v1.GET("/eligibility/outcomes", s.outcomes)

	// Integrity opinions: the organisation department asks, the commission replies.
	v1.GET("/opinions/config", s.opinionConfig)
	v1.GET("/opinions", s.listOpinions)
	v1.POST("/opinions", s.createOpinion)
	v1.GET("/opinions/:id", s.getOpinion)
	v1.POST("/opinions/:id/draft", s.draftOpinion)
	v1.PUT("/opinions/:id/candidates/:row", s.setConclusion)
	v1.POST("/opinions/:id/sign", s.signOpinion)
	v1.GET("/opinions/:id/reply", s.opinionReply)

	// The four forms in numbers and a unit's picture.
	v1.GET("/statistics/forms", s.fourForms)
	v1.GET("/statistics/forms/export", s.exportFourForms)
	v1.GET("/statistics/forms/records", s.formRecords)
	v1.GET("/statistics/units/:id", s.unitPicture)

	v1.GET("/clients", s.listClients)
	v1.POST("/clients", s.createClient)
	v1.POST("/clients/:id/disable", s.disableClient)
	keyRoutes(s, v1, "/clients", s.clientKeys())

	v1.GET("/me/file", s.myFile)
	v1.GET("/me/access-log", s.myAccessLog)
	v1.POST("/me/reports", s.issueMyReport)
	v1.GET("/me/reports", s.myReports)
	v1.GET("/me/reports/:id", s.myReport)
	v1.POST("/officials/:id/reports", s.issueLookupReport)
	v1.GET("/reports/verify/:code", s.verifyReport)
	v1.POST("/me/issued-reports/:id/revoke", s.revokeReport)

	v1.POST("/disputes", s.createDispute)
	caseRoutes(s, v1, "/disputes", s.disputes())
	v1.POST("/disputes/:id/extend", s.extendDispute)
	v1.POST("/disputes/:id/resolve", s.resolveDispute)
	v1.POST("/repairs", s.createRepair)
	caseRoutes(s, v1, "/repairs", s.repairs())
	v1.POST("/repairs/:id/decide", s.decideRepair)
	v1.POST("/appeals", s.createAppeal)
	v1.GET("/appeals", s.listAppeals)
	v1.GET("/appeals/:id", s.getAppeal)
	v1.POST("/appeals/:id/decide", s.decideAppeal)
	v1.GET("/me/appeals", s.listAppeals)

	v1.GET("/audit", s.auditTrail)
	v1.GET("/audit/export", s.exportAudit)
	v1.GET("/audit/verify", s.auditVerify)
	v1.GET("/audit/verify/last", s.auditLastVerification)

	// Unknown API paths answer problem+json 404, never the app shell.
	e.Any("/api/*", func(c echo.Context) error { return echo.ErrNotFound })
	s.registerSPA()
}

// clientIP says where a request came from, for the audit trail: the
// connection's address, unless that is a trusted load balancer, whose
// X-Forwarded-For is then read from the right, skipping trusted hops. Private
// and loopback addresses are trusted only when listed.
func clientIP(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// Serve answers requests on ln until ctx is cancelled, then stops taking new
// connections and lets in-flight requests finish for up to grace.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // imports upload large files
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down; waiting for in-flight requests", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serveErr := <-errc; serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}
