package auth

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"

	"integrity/internal/domain"
)

// Enforcer decides which of a caller's roles allow a route.
type Enforcer struct {
	e *casbin.Enforcer
	// decided memoises casbin's answers by subject, route and method: the
	// policy is read once at start and never changes while the process
	// runs, and evaluating it took a tenth of a file view's CPU. At most
	// maxDecided answers are kept, so requests for made-up routes cannot
	// grow it; past that casbin decides each time.
	decided sync.Map // decisionKey → bool
	size    atomic.Int64
}

type decisionKey struct{ sub, route, method string }

const maxDecided = 8192

// LoadEnforcer reads model.conf and policy.csv from fsys. Any error here
// must stop the server from starting: without a policy nothing is allowed.
func LoadEnforcer(fsys fs.FS) (*Enforcer, error) {
	mtext, err := fs.ReadFile(fsys, "model.conf")
	if err != nil {
		return nil, fmt.Errorf("route policy: %w", err)
	}
	ptext, err := fs.ReadFile(fsys, "policy.csv")
	if err != nil {
		return nil, fmt.Errorf("route policy: %w", err)
	}
	m, err := model.NewModelFromString(string(mtext))
	if err != nil {
		return nil, fmt.Errorf("route policy: model.conf: %w", err)
	}
	known := map[string]bool{domain.RoleAnonymous: true, domain.RoleAuthenticated: true, domain.RoleSourceSystem: true, domain.RolePersonnelSystem: true}
	for _, r := range domain.Roles {
		known[r] = true
	}
	var lines []string
	for i, line := range strings.Split(string(ptext), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, ",")
		if len(f) != 4 || strings.TrimSpace(f[0]) != "p" || !known[strings.TrimSpace(f[1])] {
			return nil, fmt.Errorf("route policy: policy.csv line %d: want \"p, role, route, METHOD\" with a known role: %q", i+1, line)
		}
		lines = append(lines, line)
	}
	e, err := casbin.NewEnforcer(m, stringadapter.NewAdapter(strings.Join(lines, "\n")))
	if err != nil {
		return nil, fmt.Errorf("route policy: %w", err)
	}
	if pol, _ := e.GetPolicy(); len(pol) == 0 {
		return nil, fmt.Errorf("route policy: policy.csv grants nothing")
	}
	return &Enforcer{e: e}, nil
}

// Allowed returns the subjects among subjects that may call method on the
// route pattern. An evaluation error denies everything (fail closed).
func (en *Enforcer) Allowed(subjects []string, route, method string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, s := range subjects {
		ok, err := en.enforce(s, route, method)
		if err != nil {
			return nil, fmt.Errorf("route policy: %w", err)
		}
		if ok {
			out[s] = true
		}
	}
	return out, nil
}

func (en *Enforcer) enforce(sub, route, method string) (bool, error) {
	key := decisionKey{sub, route, method}
	if v, ok := en.decided.Load(key); ok {
		return v.(bool), nil
	}
	ok, err := en.e.Enforce(sub, route, method)
	if err != nil {
		return false, err // never memoised: fail closed every time
	}
	if en.size.Load() < maxDecided {
		if _, loaded := en.decided.LoadOrStore(key, ok); !loaded {
			en.size.Add(1)
		}
	}
	return ok, nil
}

// Rules returns every (role, route, method) line of the policy.
func (en *Enforcer) Rules() [][]string {
	p, _ := en.e.GetPolicy()
	return p
}
