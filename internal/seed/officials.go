package seed

import (
	"time"

	"integrity/internal/domain"
)

// person is one official while their file is generated.
type person struct {
	o     *domain.Official
	index int
	place workplace
	level int // their rank's step on the ladder (posts.go)
	// entry is the day they entered public service; leftOn the day they
	// left it (retired, resigned or expelled), zero while in post.
	entry, leftOn time.Time
}

// showcase reports whether p is the demo official: the person the demo's
// own official account is linked to (store.DB.DemoOfficialID picks the
// first active official with a court record and a credit-type record).
func (p *person) showcase() bool { return p.index == 0 }

// Retirement ages of cadres, by the simple rule: 60 for men, 55 for women.
// The gradual delay of 2025 (全国人大常委会关于实施渐进式延迟法定退休年龄的决定:
// up to 63 and 58, a month more for every four months of birth from 1965
// and 1970) is left out: the demo only needs nobody past 60 or 55 in post.
const retireMen, retireWomen = 60, 55

// Officials enter public service from this age, within this many years.
const entryAge, entrySpread = 22, 4

func (g *generator) newOfficial(p *person, keys Sealer) domain.Official {
	r := g.rnd
	male := r.IntN(100) < 62
	id := SyntheticIDNumber(p.index, g.idOffset, p.place.area, male)
	birth, _ := domain.IDBirthDate(id)
	name := pick(r, surnames)
	pool := givenFemale
	gender := "F"
	if male {
		pool, gender = givenMale, "M"
	}
	name += string(pool[r.IntN(len(pool))])
	if r.IntN(100) < 70 {
		name += string(pool[r.IntN(len(pool))])
	}
	o := domain.Official{
		DepartmentID:   p.place.dept.ID,
		Name:           name,
		Gender:         gender,
		BirthDate:      birth,
		IDNumberEnc:    keys.Encrypt(id, domain.IDNumberAD),
		IDNumberHash:   keys.BlindIndex(id),
		IDNumberMasked: domain.MaskIDNumber(id),
		Category:       domain.CategoryCivilServant,
		PartyMember:    r.IntN(100) < 80,
		Status:         domain.OfficialActive,
		Version:        1,
	}
	if r.IntN(100) < 15 {
		o.Category = domain.CategoryPublicInstitution
	}
	p.level, o.JobRank, o.Post = rankAndPost(r, ageOn(birth, g.asOf), o.Category, p.place)

	// In service from 22 to 26, and by asOf.
	p.entry = birth.AddDate(entryAge, 0, 0)
	if span := int(g.asOf.Sub(p.entry).Hours() / 24); span > 0 {
		p.entry = p.entry.AddDate(0, 0, r.IntN(min(span, entrySpread*365)+1))
	}
	retireAt := retireWomen
	if male {
		retireAt = retireMen
	}
	switch retire := birth.AddDate(retireAt, 0, 0); {
	case !retire.After(g.asOf):
		o.Status, p.leftOn = domain.OfficialRetired, retire
	case r.IntN(100) < 1 && !p.showcase():
		// Resigned or moved out of public service, some time in the window.
		from := later(g.windowStart, p.entry)
		if days := int(g.asOf.Sub(from).Hours() / 24); days > 0 {
			o.Status, p.leftOn = domain.OfficialLeft, from.AddDate(0, 0, 1+r.IntN(days))
		}
	}
	return o
}

// ageOn is the age in whole years of someone born on birth, on day.
func ageOn(birth, day time.Time) int {
	age := day.Year() - birth.Year()
	if day.Month() < birth.Month() || day.Month() == birth.Month() && day.Day() < birth.Day() {
		age--
	}
	return age
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
