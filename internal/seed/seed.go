// Package seed generates deterministic demo data: a city's department tree,
// officials with valid synthetic ID numbers, and records in every category
// that keep to the law and to life (see life.go). It streams in batches, so
// a province-sized population fits in bounded memory.
package seed

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"integrity/internal/catalogue"
	"integrity/internal/domain"
)

// Store is what the generator writes to.
type Store interface {
	CreateDepartment(ctx context.Context, d *domain.Department) error
	UpsertSource(ctx context.Context, s *domain.Source) error
	InsertOfficials(ctx context.Context, batch []domain.Official) error
	InsertRecords(ctx context.Context, batch []domain.Record) error
}

// Sealer encrypts and indexes ID numbers.
type Sealer interface {
	Encrypt(plaintext, additional string) []byte
	BlindIndex(value string) string
}

// Options control the demo population.
type Options struct {
	Officials int
	Seed      uint64
	// AsOf anchors the data: decision dates fall in the six years before it.
	AsOf time.Time
	// RecordsPerOfficial is the mean number of records per official,
	// annual assessment results included.
	RecordsPerOfficial float64
	// BatchSize is how many officials are generated and written at once.
	BatchSize int
	// Progress, when set, is called after each batch.
	Progress func(officialsDone, recordsDone int)
}

// Summary says what was written.
type Summary struct {
	Departments int
	Sources     int
	Officials   int
	Records     int
	ByCategory  map[string]int
}

type generator struct {
	rnd *rand.Rand
	// leadRnd draws the problem leads (leads.go), apart from rnd.
	leadRnd *rand.Rand
	seed    uint64
	asOf    time.Time
	// windowStart is the first day records fall on: six years before asOf.
	windowStart time.Time
	// idOffset shifts the birthdays of the synthetic ID numbers.
	idOffset int
	// assessYears is how many years of annual assessment results a file
	// holds; otherMean the mean number of its other records.
	assessYears int
	otherMean   float64
	cat         *catalogue.Catalogue
	sources     map[string]domain.Source
	mixTotal    int
	acts        []act // scratch: one official's acts
}

// Demo writes the demo data set. Given the same options it writes the same
// data, apart from the random nonces of the encrypted ID numbers.
func Demo(ctx context.Context, st Store, keys Sealer, cat *catalogue.Catalogue, opt Options) (Summary, error) {
	if opt.Officials < 1 {
		return Summary{}, errors.New("seed: at least one official is needed")
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 1000
	}
	if opt.RecordsPerOfficial <= 0 {
		opt.RecordsPerOfficial = 10
	}
	if opt.AsOf.IsZero() {
		return Summary{}, errors.New("seed: AsOf is required")
	}
	for _, code := range usedCodes() {
		if _, ok := cat.Code(code); !ok {
			return Summary{}, fmt.Errorf("seed: code %q is not in the catalogue", code)
		}
	}
	asOf := time.Date(opt.AsOf.Year(), opt.AsOf.Month(), opt.AsOf.Day(), 0, 0, 0, 0, time.UTC)
	g := &generator{
		rnd:         rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)),
		leadRnd:     newLeadRand(opt.Seed),
		seed:        opt.Seed,
		asOf:        asOf,
		windowStart: asOf.AddDate(-6, 0, 0),
		// Official 0 is born in the middle of the range, so of working
		// age: the demo's own official account is linked to them.
		idOffset: birthDays/2 + int(opt.Seed%uint64(birthDays/4)),
		cat:      cat,
		sources:  map[string]domain.Source{},
	}
	// Assessment results of the last three years take three of the ten
	// records of an average file; fewer where files are thinner.
	g.assessYears = min(3, int(math.Round(opt.RecordsPerOfficial*0.3)))
	g.otherMean = opt.RecordsPerOfficial - float64(g.assessYears)
	for _, m := range recordMix {
		g.mixTotal += m.weight
	}
	sum := Summary{ByCategory: map[string]int{}}
	for _, s := range demoSources {
		s := s
		if err := st.UpsertSource(ctx, &s); err != nil {
			return sum, fmt.Errorf("seed: source %s: %w", s.Code, err)
		}
		g.sources[s.Code] = s
		sum.Sources++
	}
	_, places, err := createDepartments(ctx, st)
	if err != nil {
		return sum, fmt.Errorf("seed: departments: %w", err)
	}
	sum.Departments = 1 + len(places)

	officials := make([]domain.Official, opt.BatchSize)
	ends := make([]int, opt.BatchSize) // where each official's records end in the batch
	records := make([]domain.Record, 0, int(float64(opt.BatchSize)*opt.RecordsPerOfficial*1.5))
	for start := 0; start < opt.Officials; start += opt.BatchSize {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		end := min(start+opt.BatchSize, opt.Officials)
		officials, records = officials[:end-start], records[:0]
		// Each official's records first: what they say settles the
		// official's status and post. The ids follow the insert.
		for j := range officials {
			p := person{index: start + j, place: places[g.rnd.IntN(len(places))]}
			officials[j] = g.newOfficial(&p, keys)
			p.o = &officials[j]
			records = g.file(&p, records)
			ends[j] = len(records)
		}
		if err := st.InsertOfficials(ctx, officials); err != nil {
			return sum, fmt.Errorf("seed: officials %d-%d: %w", start, end-1, err)
		}
		j := 0
		for n := range records {
			for n >= ends[j] {
				j++
			}
			records[n].OfficialID = officials[j].ID
			sum.ByCategory[records[n].Category]++
		}
		if err := st.InsertRecords(ctx, records); err != nil {
			return sum, fmt.Errorf("seed: records of officials %d-%d: %w", start, end-1, err)
		}
		sum.Officials += len(officials)
		sum.Records += len(records)
		if opt.Progress != nil {
			opt.Progress(sum.Officials, sum.Records)
		}
	}
	return sum, nil
}

// recordCount draws how many records an official has: geometric with the
// given mean, so most files are short and a few are long.
func (g *generator) recordCount(mean float64) int {
	if mean <= 0 {
		return 0
	}
	p := 1 / (mean + 1)
	u := g.rnd.Float64()
	n := int(math.Floor(math.Log(1-u) / math.Log(1-p)))
	return min(n, int(mean*8))
}

func (g *generator) pickCategory() *mixEntry {
	n := g.rnd.IntN(g.mixTotal)
	for i := range recordMix {
		if n < recordMix[i].weight {
			return &recordMix[i]
		}
		n -= recordMix[i].weight
	}
	return &recordMix[len(recordMix)-1]
}

// Birth dates of demo officials fall between these days.
var (
	birthFirst = time.Date(1962, 1, 1, 0, 0, 0, 0, time.UTC)
	birthDays  = int(time.Date(2001, 12, 31, 0, 0, 0, 0, time.UTC).Sub(birthFirst).Hours()/24) + 1
)

// idSpace is how many distinct numbers one area-code group holds;
// idScramble is a prime that shares no factor with it.
var idSpace = 499 * birthDays

const idScramble = 1_000_003

// SyntheticIDNumber returns the ID number of demo official i. Numbers are
// unique by construction: i is split into a block q and a slot r < 499; the
// slot fixes the sequence code (2r+1 for men, 2r+2 for women) and the birth
// day is (7919q + 31r + offset) mod D, which for a fixed r is one-to-one in q
// (q < D); larger i move to the next area-code group.
func SyntheticIDNumber(i int, offset int, area string, male bool) string {
	// Scramble i first (a bijection on each block of idSpace numbers), so
	// that neighbours do not get neighbouring birthdays and sequence codes.
	group, j := i/idSpace, int(int64(i%idSpace)*idScramble%int64(idSpace))
	q, r := j/499, j%499
	day := (q*7919 + r*31 + offset) % birthDays
	birth := birthFirst.AddDate(0, 0, day)
	seq := 2*r + 2
	if male {
		seq = 2*r + 1
	}
	body := fmt.Sprintf("%04d%s%s%03d", 3208+group, area, birth.Format("20060102"), seq)
	return body + string(domain.IDCheckChar(body))
}
