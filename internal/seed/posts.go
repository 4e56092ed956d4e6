package seed

import (
	"math/rand/v2"
	"strings"

	"integrity/internal/domain"
)

// A level is one step of the civil servants' ladder of ranks (职级, 公务员
// 职务与职级并行规定 2019) with the leadership posts (领导职务) of that level in
// each kind of workplace. An official's post always belongs to the level of
// their rank: a 科员 is never a 局长. In the demo city a city bureau is a
// 县处级 unit (its director 正处, its sections 科), a district bureau and a
// street are 乡科级 units, and a district (or the county) is 县处级.
type level struct {
	// minAge is the youngest age at which the demo gives the level.
	minAge int
	// ranks are the civil servants' 职级 of the level.
	ranks []weighted
	// grade is the public-institution staff's management grade (管理岗位
	// 职员等级) of the level; "" where the level has none.
	grade string
	// plain is the post of one who holds no leadership post at the level.
	plain string
	// lead are the leadership posts of the level by kind of workplace;
	// leadShare is the share (per cent) of the level who hold one.
	lead      map[string][]string
	leadShare int
}

// Kinds of workplace, for posts.
const (
	atCityBureau     = "city_bureau"
	atDistrict       = "district"
	atDistrictBureau = "district_bureau"
	atStreet         = "street"
)

var levels = []level{
	{minAge: 22, ranks: []weighted{{"二级科员", 10}, {"一级科员", 14}}, grade: "九级职员", plain: "科员"},
	{minAge: 26, ranks: []weighted{{"四级主任科员", 16}, {"三级主任科员", 14}}, grade: "八级职员", plain: "主任科员", leadShare: 40,
		lead: map[string][]string{atCityBureau: {"副科长"}, atDistrict: {"副主任"}, atDistrictBureau: {"副局长"}, atStreet: {"副主任"}}},
	{minAge: 29, ranks: []weighted{{"二级主任科员", 12}, {"一级主任科员", 10}}, grade: "七级职员", plain: "主任科员", leadShare: 45,
		lead: map[string][]string{atCityBureau: {"科长"}, atDistrict: {"主任"}, atDistrictBureau: {"局长"}, atStreet: {"主任", "书记"}}},
	{minAge: 34, ranks: []weighted{{"四级调研员", 8}, {"三级调研员", 6}}, grade: "六级职员", plain: "调研员", leadShare: 35,
		lead: map[string][]string{atCityBureau: {"副局长"}, atDistrict: {"副区长"}}},
	{minAge: 38, ranks: []weighted{{"二级调研员", 5}, {"一级调研员", 3}}, grade: "五级职员", plain: "调研员", leadShare: 35,
		lead: map[string][]string{atCityBureau: {"局长"}, atDistrict: {"区长"}}},
	{minAge: 45, ranks: []weighted{{"二级巡视员", 1}, {"一级巡视员", 1}}, plain: "巡视员", leadShare: 20,
		lead: map[string][]string{atCityBureau: {"局长"}}},
}

// levelWeights draws a level with the weights of its ranks: a pyramid.
var levelWeights = func() []int {
	w := make([]int, len(levels))
	for i, l := range levels {
		for _, r := range l.ranks {
			w[i] += r.weight
		}
	}
	return w
}()

// Public-institution staff hold no leadership post of the civil service:
// their posts by level, and the post of those who lead nothing.
var (
	staffLead  = []string{"", "副科长", "科长", "副主任", "主任"}
	staffPlain = "职员"
)

func (p workplace) kind() string {
	switch {
	case p.dept.Kind == domain.DeptDistrict:
		return atDistrict
	case p.dept.Kind == domain.DeptStreet:
		return atStreet
	case p.district != "":
		return atDistrictBureau
	}
	return atCityBureau
}

// rankAndPost draws a level no higher than age allows, and a rank and a post
// of that level.
func rankAndPost(r *rand.Rand, age int, category string, place workplace) (lv int, rank, post string) {
	n := r.IntN(sum(levelWeights))
	for n >= levelWeights[lv] {
		n -= levelWeights[lv]
		lv++
	}
	for lv > 0 && levels[lv].minAge > age {
		lv--
	}
	if category == domain.CategoryPublicInstitution {
		for levels[lv].grade == "" {
			lv--
		}
	}
	return lv, rankOf(r, lv, category), postOf(r, lv, category, place)
}

func rankOf(r *rand.Rand, lv int, category string) string {
	if category == domain.CategoryPublicInstitution {
		return levels[lv].grade
	}
	return pick(r, levels[lv].ranks)
}

func postOf(r *rand.Rand, lv int, category string, place workplace) string {
	l := levels[lv]
	lead := r.IntN(100) < l.leadShare
	if category == domain.CategoryPublicInstitution {
		if lv == 0 {
			return l.plain
		}
		if lead {
			return staffLead[lv]
		}
		return staffPlain
	}
	posts := l.lead[place.kind()]
	if !lead || len(posts) == 0 {
		return l.plain
	}
	post := posts[r.IntN(len(posts))]
	if place.dept.Kind == domain.DeptDistrict && strings.HasSuffix(place.dept.Name, "县") {
		post = strings.Replace(post, "区", "县", 1) // 县长, 副县长
	}
	return post
}

// plainPost is the post an official keeps after losing a leadership post
// (撤职, 免职, 降职, 责令辞职): the plain post of their rank's level.
func plainPost(lv int, category string) string {
	if category == domain.CategoryPublicInstitution && lv > 0 {
		return staffPlain
	}
	return levels[lv].plain
}

func sum(ws []int) int {
	t := 0
	for _, w := range ws {
		t += w
	}
	return t
}
