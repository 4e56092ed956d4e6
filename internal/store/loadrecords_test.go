package store

import (
	"testing"
	"time"
)

// TestParseDay reads the days SQLite hands back as text, with or without
// the time GORM wrote after them, and refuses what is not a day.
func TestParseDay(t *testing.T) {
	want := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"2024-02-29", "2024-02-29 00:00:00+00:00", "2024-02-29T00:00:00Z"} {
		if got, err := parseDay(s); err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Fatalf("parseDay(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "2024-02", "2024/02/29", "2024-13-01", "2024-00-10", "2024-01-32", "20x4-01-01", "2024-1-01x"} {
		if got, err := parseDay(s); err == nil {
			t.Fatalf("parseDay(%q) = %v, want an error", s, got)
		}
	}
	var p dayPool
	if d, err := p.day(nil); d != nil || err != nil {
		t.Fatalf("NULL: %v %v", d, err)
	}
	a, _ := p.day("2024-02-29")
	b, _ := p.day([]byte("2025-01-01"))
	c, _ := p.day(want)
	if !a.Equal(want) || b.Year() != 2025 || !c.Equal(want) || a == c {
		t.Fatalf("pooled days: %v %v %v (each its own)", a, b, c)
	}
	if _, err := p.day(42); err == nil {
		t.Fatal("a day of type int was accepted")
	}
}
