package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"integrity/internal/app"
	"integrity/internal/domain"
)

const userUsage = `Usage:
  integrity user add --username NAME --role ROLE --scope SCOPE [--department CODE] [--display-name TEXT] [--password-stdin]
  integrity user grant --username NAME --role ROLE --scope SCOPE [--department CODE]   (adds or changes one grant)
  integrity user disable --username NAME
  integrity user reset-password --username NAME

Roles: admin (system administrator), security_admin, auditor (audit administrator),
discipline_staff, discipline_approver, personnel_staff, data_clerk, official.
An account holds one administrative role at most, and none with a role that
opens files (policies/duties.yaml). Grants made here apply at once: this is
the operator's path to create the first security administrators.
Scopes: all, dept_and_below, dept, self. Without --password-stdin a temporary
password is printed, to be changed at first sign-in.
`

// cmdUser manages accounts from the shell, so the first administrator of a
// production install can be created without demo data. Every change is
// audited with the actor "cli".
func cmdUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, userUsage)
		return errUsage
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	username := fs.String("username", "", "the account")
	role := fs.String("role", "", "role to grant")
	scope := fs.String("scope", "", "data scope of the grant")
	deptCode := fs.String("department", "", "department code (the user's department; the anchor of dept scopes)")
	display := fs.String("display-name", "", "display name")
	pwStdin := fs.Bool("password-stdin", false, "read a permanent password from standard input")
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	if *username == "" {
		return errors.New("user: --username is required")
	}
	e, err := openEnv(ctx, getenv, io.Discard)
	if err != nil {
		return err
	}
	defer e.db.Close()
	if _, err := e.migrate(ctx); err != nil {
		return err
	}
	actor := app.Actor{Username: "cli", Role: "cli"}
	var deptID *int64
	if *deptCode != "" {
		d, err := e.db.DepartmentByCode(ctx, *deptCode)
		if err != nil {
			return fmt.Errorf("user: no department with code %q", *deptCode)
		}
		deptID = &d.ID
	}
	switch args[0] {
	case "add":
		nu := app.NewUser{Username: *username, DisplayName: *display, DepartmentID: deptID,
			Grants: []app.GrantInput{{Role: *role, Scope: *scope, DepartmentID: deptID}}}
		if *pwStdin {
			line, err := bufio.NewReader(stdin).ReadString('\n')
			if err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			nu.Password, nu.Permanent = strings.TrimRight(line, "\r\n"), true
		}
		created, err := e.app.CreateUser(ctx, actor, nu)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "user: created %s (id %d) as %s/%s\n", created.User.Username, created.User.ID, *role, *scope)
		if created.Password != "" {
			fmt.Fprintf(stdout, "user: temporary password (change it at first sign-in): %s\n", created.Password)
		}
		return nil
	case "grant":
		id, err := e.db.UserIDByName(ctx, *username)
		if err != nil {
			return fmt.Errorf("user: no user %q", *username)
		}
		current, err := e.app.UserGrants(ctx, id)
		if err != nil {
			return err
		}
		grants := []app.GrantInput{{Role: *role, Scope: *scope, DepartmentID: deptID}}
		for _, g := range current {
			if g.Role != *role {
				grants = append(grants, app.GrantInput{Role: g.Role, Scope: g.Scope, DepartmentID: g.DepartmentID})
			}
		}
		if _, _, err := e.app.SetRoles(ctx, actor, id, grants); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "user: %s now holds %s/%s; their sessions were ended\n", *username, *role, *scope)
		return nil
	case "disable":
		id, err := e.db.UserIDByName(ctx, *username)
		if err != nil {
			return fmt.Errorf("user: no user %q", *username)
		}
		off := false
		if _, err := e.app.UpdateUser(ctx, actor, id, app.UserPatch{Enabled: &off}); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "user: %s is disabled and signed out everywhere\n", *username)
		return nil
	case "reset-password":
		id, err := e.db.UserIDByName(ctx, *username)
		if err != nil {
			return fmt.Errorf("user: no user %q", *username)
		}
		temp, _, err := e.app.ResetPassword(ctx, actor, id)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "user: temporary password for %s (change it at first sign-in): %s\n", *username, temp)
		return nil
	}
	fmt.Fprint(stderr, userUsage)
	return errUsage
}

// cmdAudit verifies the audit chain under its key and against the
// checkpoints outside the database: exit 0 when intact, 1 naming the first
// broken entry otherwise. `audit checkpoint` writes a checkpoint of the head
// now.
func cmdAudit(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 1 || (args[0] != "verify" && args[0] != "checkpoint") {
		return errors.New("usage: integrity audit verify|checkpoint")
	}
	e, err := openEnv(ctx, getenv, io.Discard)
	if err != nil {
		return err
	}
	defer e.db.Close()
	if args[0] == "checkpoint" {
		cp, err := e.app.CheckpointAudit(ctx, e.log, true)
		if err != nil {
			return err
		}
		if cp == nil {
			fmt.Fprintln(stdout, "audit: the last checkpoint already holds the head")
			return nil
		}
		fmt.Fprintf(stdout, "audit: checkpoint of entry %d written to %s\n", cp.ID, e.app.AnchorPath())
		return nil
	}
	res, err := e.app.CheckAudit(ctx)
	if err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("audit: the chain is broken at entry %d: %s (%d entries checked)", res.BrokenAt, res.Reason, res.Checked)
	}
	fmt.Fprintf(stdout, "audit: the chain is intact (%d entries; checkpoints: %d, anchored to entry %d)\n", res.Checked, res.Checkpoints, res.AnchoredTo)
	return nil
}

// cmdCrypto re-seals the data at rest under the configured algorithm set.
func cmdCrypto(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 1 || args[0] != "migrate" {
		return errors.New("usage: integrity crypto migrate")
	}
	e, err := openEnv(ctx, getenv, io.Discard)
	if err != nil {
		return err
	}
	defer e.db.Close()
	sum, err := e.app.MigrateCrypto(ctx, func(what string, done int) {
		fmt.Fprintf(stdout, "crypto: %d %s re-sealed\n", done, what)
	})
	if err != nil {
		return fmt.Errorf("crypto migrate: %w (run it again to finish)", err)
	}
	fmt.Fprintf(stdout, "crypto: the data at rest moved from %s to %s: %d ID numbers, %d second-factor secrets; sign-in counters cleared\n",
		sum.From, sum.To, sum.IDNumbers, sum.TOTPSecrets)
	return nil
}

// describe turns a domain error into one line naming the field.
func describe(err error) error {
	var de *domain.Error
	if errors.As(err, &de) && len(de.Fields) > 0 {
		return fmt.Errorf("%s: %s %s", de.Message, de.Fields[0].Field, de.Fields[0].Message)
	}
	return err
}

// cmdRecompute recomputes every snapshot under the policy in force, showing
// progress, then drains the queue of changed officials.
func cmdRecompute(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	e, err := openEnv(ctx, getenv, io.Discard)
	if err != nil {
		return err
	}
	defer e.db.Close()
	if _, err := e.migrate(ctx); err != nil {
		return err
	}
	j, err := e.app.StartRecompute(ctx, app.Actor{Username: "cli", Role: "cli"}, "integrity recompute")
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- e.app.RunRecompute(ctx, j.ID) }()
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				return err
			}
			if j, err = e.db.Job(ctx, j.ID); err != nil {
				return err
			}
			if j.Status != domain.JobDone {
				return fmt.Errorf("recompute: %s: %s", j.Status, j.Message)
			}
			n, err := e.app.DrainScoreOutbox(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "recompute: %d officials scored (%s); %d queued changes applied\n", j.Done, j.Message, n)
			return nil
		case <-tick.C:
			if cur, err := e.db.Job(ctx, j.ID); err == nil && cur.Total > 0 {
				fmt.Fprintf(stderr, "recompute: %d/%d (%.0f%%)\n", cur.Done, cur.Total, 100*float64(cur.Done)/float64(cur.Total))
			}
		}
	}
}
