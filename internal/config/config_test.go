package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"integrity/internal/config"
)

func env(m map[string]string) config.Getenv { return func(k string) string { return m[k] } }

func TestParseDatabaseURL(t *testing.T) {
	t.Run("SQLiteDefault", func(t *testing.T) {
		d, err := config.ParseDatabaseURL("sqlite:./data/integrity.db")
		if err != nil || d.Dialect != "sqlite" || d.Path != "./data/integrity.db" {
			t.Fatalf("got %+v, %v", d, err)
		}
		if !strings.Contains(d.DSN, "journal_mode(WAL)") || !strings.Contains(d.DSN, "foreign_keys(1)") {
			t.Fatalf("DSN lacks WAL or foreign keys: %s", d.DSN)
		}
	})
	t.Run("MySQL", func(t *testing.T) {
		d, err := config.ParseDatabaseURL("mysql://app:s3cret@db.local:3307/integrity?tls=false")
		if err != nil || d.Dialect != "mysql" {
			t.Fatalf("got %+v, %v", d, err)
		}
		for _, want := range []string{"app:s3cret@tcp(db.local:3307)/integrity?", "parseTime=true", "charset=utf8mb4", "tls=false"} {
			if !strings.Contains(d.DSN, want) {
				t.Errorf("DSN %q lacks %q", d.DSN, want)
			}
		}
		if strings.Contains(d.Display, "s3cret") {
			t.Fatalf("the display form shows the password: %s", d.Display)
		}
	})
	t.Run("MySQLDefaultPort", func(t *testing.T) {
		d, err := config.ParseDatabaseURL("mysql://root@127.0.0.1/test")
		if err != nil || !strings.Contains(d.DSN, "tcp(127.0.0.1:3306)/test") {
			t.Fatalf("got %+v, %v", d, err)
		}
	})
	t.Run("Postgres", func(t *testing.T) {
		d, err := config.ParseDatabaseURL("postgresql://app:s3cret@db.local/integrity?sslmode=verify-full")
		if err != nil || d.Dialect != "postgres" {
			t.Fatalf("got %+v, %v", d, err)
		}
		for _, want := range []string{"postgres://app:s3cret@db.local:5432/integrity?", "sslmode=verify-full", "TimeZone=UTC"} {
			if !strings.Contains(d.DSN, want) {
				t.Errorf("DSN %q lacks %q", d.DSN, want)
			}
		}
		if strings.Contains(d.Display, "s3cret") || !strings.Contains(d.Display, "db.local:5432/integrity") {
			t.Fatalf("the display form: %s", d.Display)
		}
	})
	for _, tc := range []struct{ name, in, want string }{
		{"ErrScheme", "oracle://x@y/z", `unsupported scheme "oracle"`},
		{"ErrPostgresNoDatabase", "postgres://root@127.0.0.1:5432/", "no database name"},
		{"ErrPostgresNoUser", "postgres://127.0.0.1/test", "no user"},
		{"ErrNotURL", "integrity.db", "not a URL"},
		{"ErrNoDatabase", "mysql://root@127.0.0.1:3306/", "no database name"},
		{"ErrNoUser", "mysql://127.0.0.1:3306/test", "no user"},
		{"ErrNoHost", "mysql:///test", "no host"},
		{"ErrSQLiteNoPath", "sqlite:", "no path"},
		{"ErrMalformed", "mysql://root@[::1/test", "malformed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.ParseDatabaseURL(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("ParseDatabaseURL(%q) = %v, want one line containing %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		c, err := config.Load(env(nil))
		if err != nil {
			t.Fatal(err)
		}
		if c.Addr != "127.0.0.1:8080" || c.Env != config.EnvProduction || c.Database.Dialect != "sqlite" || c.DataDir != "data" {
			t.Fatalf("defaults = %+v", c)
		}
	})
	for _, tc := range []struct {
		name string
		vars map[string]string
		want string
	}{
		{"ErrBadURL", map[string]string{"INTEGRITY_DATABASE_URL": "oracle://x"}, "INTEGRITY_DATABASE_URL: unsupported scheme"},
		{"ErrBadEnv", map[string]string{"INTEGRITY_ENV": "staging"}, "INTEGRITY_ENV"},
		{"ErrBadAddr", map[string]string{"INTEGRITY_ADDR": "8080"}, "INTEGRITY_ADDR"},
		{"ErrBadDemo", map[string]string{"INTEGRITY_DEMO": "maybe"}, "INTEGRITY_DEMO"},
		{"ErrBadExposeVersion", map[string]string{"INTEGRITY_EXPOSE_VERSION": "perhaps"}, "INTEGRITY_EXPOSE_VERSION"},
		{"ErrBadDemoCount", map[string]string{"INTEGRITY_DEMO_OFFICIALS": "-3"}, "INTEGRITY_DEMO_OFFICIALS"},
		{"ErrShortSecret", map[string]string{"INTEGRITY_SECRET_KEY": "short"}, "INTEGRITY_SECRET_KEY"},
		{"ErrBadCrypto", map[string]string{"INTEGRITY_CRYPTO": "des"}, "INTEGRITY_CRYPTO"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := config.Load(env(tc.vars)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestResolveSecret(t *testing.T) {
	t.Run("ErrProductionWithoutSecret", func(t *testing.T) {
		c, err := config.Load(env(map[string]string{"INTEGRITY_DATA_DIR": t.TempDir()}))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.ResolveSecret(); err == nil || !strings.Contains(err.Error(), "INTEGRITY_SECRET_KEY is not set") {
			t.Fatalf("ResolveSecret in production = %v", err)
		}
	})
	t.Run("DevelopmentGeneratesOnceAndReuses", func(t *testing.T) {
		dir := t.TempDir()
		vars := map[string]string{"INTEGRITY_ENV": "development", "INTEGRITY_DATA_DIR": dir}
		c1, _ := config.Load(env(vars))
		if err := c1.ResolveSecret(); err != nil || !c1.SecretNew || len(c1.Secret) < 32 {
			t.Fatalf("first resolve: %+v, %v", c1, err)
		}
		st, err := os.Stat(filepath.Join(dir, "secret.key"))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("key file: %v, mode %v", err, st.Mode())
		}
		c2, _ := config.Load(env(vars))
		if err := c2.ResolveSecret(); err != nil || c2.SecretNew || c2.Secret != c1.Secret {
			t.Fatalf("second resolve did not reuse the key: %+v, %v", c2, err)
		}
	})
	t.Run("ExplicitSecretWins", func(t *testing.T) {
		dir := t.TempDir()
		secret := strings.Repeat("k", 40)
		c, _ := config.Load(env(map[string]string{"INTEGRITY_SECRET_KEY": secret, "INTEGRITY_DATA_DIR": dir}))
		if err := c.ResolveSecret(); err != nil || c.Secret != secret {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "secret.key")); !os.IsNotExist(err) {
			t.Fatal("a key file was written although the secret was given")
		}
	})
}

func TestCORSOrigins(t *testing.T) {
	c, err := config.Load(env(map[string]string{}))
	if err != nil || len(c.CORSOrigins) != 0 {
		t.Fatalf("by default no other origin may call the API: %v, %v", c.CORSOrigins, err)
	}
	c, err = config.Load(env(map[string]string{"INTEGRITY_CORS_ORIGINS": " https://HR.example.gov.cn, http://127.0.0.1:5173 ,"}))
	if err != nil || strings.Join(c.CORSOrigins, " ") != "https://hr.example.gov.cn http://127.0.0.1:5173" {
		t.Fatalf("origins %v, %v", c.CORSOrigins, err)
	}
	for _, bad := range []string{"*", "null", "hr.example.gov.cn", "https://hr.example.gov.cn/", "https://hr.example.gov.cn/app",
		"ftp://hr.example.gov.cn", "https://user@hr.example.gov.cn", "https://*.example.gov.cn", "https://hr.example.gov.cn?x=1", "https://"} {
		_, err := config.Load(env(map[string]string{"INTEGRITY_CORS_ORIGINS": "https://ok.example.gov.cn," + bad}))
		if err == nil || !strings.HasPrefix(err.Error(), "INTEGRITY_CORS_ORIGINS: ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
