// Package jsonpath names a place in a JSON document the way a client reads
// it ("records[2].decision_date"): the decoder's errors name a field by its
// Go path without list indexes, and a client fixing row 3 of a batch needs
// the index.
package jsonpath

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

type jsonFrame struct {
	array   bool
	key     string
	index   int
	wantKey bool
}

func renderPath(st []jsonFrame) string {
	var b strings.Builder
	for _, f := range st {
		if f.array {
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(f.key)
	}
	return b.String()
}

// maxPathDepth bounds the walk: a place nested deeper is named by the
// decoder's own path, and a hostile body cannot make the walk costly.
const maxPathDepth = 64

// jsonPlace is a value or an object key met by walkJSON.
type jsonPlace struct {
	key  bool        // an object key, not a value
	name string      // the key's name
	end  int64       // the offset just after it
	st   []jsonFrame // valid only during the visit
}

// path renders the place ("records[2].decision_date").
func (p jsonPlace) path() string { return renderPath(p.st) }

// walkJSON calls visit for every value and every object key in document
// order; visit returns true to stop. A malformed document, or one nested
// deeper than maxPathDepth, ends the walk.
func walkJSON(data []byte, visit func(p jsonPlace) bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var st []jsonFrame
	for {
		tok, err := dec.Token()
		if err != nil || len(st) > maxPathDepth {
			return
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			st = st[:len(st)-1]
			if n := len(st); n > 0 && !st[n-1].array {
				st[n-1].wantKey = true
			}
			continue
		}
		n := len(st)
		if n > 0 && !st[n-1].array && st[n-1].wantKey {
			name, _ := tok.(string)
			st[n-1].key, st[n-1].wantKey = name, false
			if visit(jsonPlace{key: true, name: name, end: dec.InputOffset(), st: st}) {
				return
			}
			continue
		}
		if n > 0 && st[n-1].array {
			st[n-1].index++
		}
		if visit(jsonPlace{end: dec.InputOffset(), st: st}) {
			return
		}
		if d, ok := tok.(json.Delim); ok {
			st = append(st, jsonFrame{array: d == '[', index: -1, wantKey: d == '{'})
		} else if n > 0 && !st[n-1].array {
			st[n-1].wantKey = true
		}
	}
}

// At names the value that ends at or spans offset ("" if none).
func At(data []byte, offset int64) string {
	out := ""
	walkJSON(data, func(p jsonPlace) bool {
		if !p.key && p.end >= offset {
			out = p.path()
			return true
		}
		return false
	})
	return out
}

// OfTypeError names the value a decoding type error is about, with its
// place in data; the decoder's own path when the walk cannot place it.
func OfTypeError(data []byte, te *json.UnmarshalTypeError) string {
	if at := At(data, te.Offset); at != "" {
		return at
	}
	return te.Field
}

// OfKey names the first key called name, with its place ("" if none).
func OfKey(data []byte, name string) string {
	out := ""
	walkJSON(data, func(p jsonPlace) bool {
		if p.key && p.name == name {
			out = p.path()
			return true
		}
		return false
	})
	return out
}
