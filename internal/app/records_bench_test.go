package app_test

import (
	"context"
	"testing"
	"time"

	"integrity/internal/policytest"
	"integrity/internal/seed"
	"integrity/internal/store/storetest"
)

// BenchmarkOfficialsAfter reads 5,000 officials with their ten records
// each, a thousand officials a batch, as a full recompute's reader stage
// does (store.OfficialsAfter), on the configured database. One op is the
// whole pass; allocs/op is what the garbage collector pays for.
//
//	go test -run '^$' -bench OfficialsAfter -benchmem ./internal/app
func BenchmarkOfficialsAfter(b *testing.B) {
	ctx := context.Background()
	db := storetest.MustOpenDB(b)
	if _, err := seed.Demo(ctx, db, testKeys(b), policytest.Catalogue(b), seed.Options{Officials: 5000, Seed: 5,
		AsOf: time.Now().UTC(), RecordsPerOfficial: 10, BatchSize: 1000}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		records := 0
		for after := int64(0); ; {
			batch, err := db.OfficialsAfter(ctx, after, 1000)
			if err != nil {
				b.Fatal(err)
			}
			if len(batch.IDs) == 0 {
				break
			}
			for _, id := range batch.IDs {
				records += len(batch.Records[id])
			}
			after = batch.IDs[len(batch.IDs)-1]
		}
		if records < 40000 {
			b.Fatalf("%d records read, want about 50,000", records)
		}
	}
}
