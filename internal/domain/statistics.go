package domain

import "time"

// FormCell counts the handlings (人次) of one form of discipline
// enforcement (监督执纪"四种形态", 1 to 4) in one department and month.
// A handling is one act of one official: the records that share an act
// reference count once, in the heaviest form among them, in the month of
// the earliest decision.
type FormCell struct {
	DepartmentID int64
	Form         int
	Month        string // YYYY-MM
	Handlings    int64
}

// FormPeople counts the people (人数) handled in a form: an official
// handled twice in one form counts once there.
type FormPeople struct {
	Form   int
	People int64
}

// FormFilter selects the handlings of the four forms: the officials of a
// unit's subtree within the caller's scope, decided in [From, To), and
// (for a drill-down) one form and one department's subtree.
type FormFilter struct {
	Scope    Scope
	UnitPath string
	From, To time.Time
	Form     int    // 0: every form
	DeptPath string // "": the whole unit
}

// FormRecord is one record behind a figure of the four forms.
type FormRecord struct {
	RecordID       int64
	OfficialID     int64
	OfficialName   string
	IDNumberMasked string
	DepartmentID   int64
	DepartmentName string
	Category       string
	Code           string
	Form           int
	DecisionDate   time.Time
	DocumentNo     string
	Authority      string
}

// UnitFigures are what a unit's picture (单位画像) counts of its subtree
// within the caller's scope: officials, their grades, and the warnings
// raised in the period and still open.
type UnitFigures struct {
	Officials      int64
	Grades         map[string]int64
	WarningsRaised int64
	WarningsOpen   int64
}
