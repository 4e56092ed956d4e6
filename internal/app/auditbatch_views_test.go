package app

import (
	"reflect"
	"testing"

	"integrity/internal/store"
)

// TestViewsOfCountsEachLookupOnceInIDOrder: a batch of reads becomes one
// count per lookup, in id order, and reads through no lookup count nothing.
func TestViewsOfCountsEachLookupOnceInIDOrder(t *testing.T) {
	batch := []readAudit{{lookup: 9}, {lookup: 0}, {lookup: 3}, {lookup: 9}, {lookup: 9}, {lookup: 3}, {lookup: 0}}
	want := []store.LookupViews{{ID: 3, Views: 2}, {ID: 9, Views: 3}}
	if got := viewsOf(batch); !reflect.DeepEqual(got, want) {
		t.Fatalf("viewsOf: %+v, want %+v", got, want)
	}
	if got := viewsOf([]readAudit{{}, {}}); len(got) != 0 {
		t.Fatalf("reads without a lookup: %+v, want no counts", got)
	}
}
