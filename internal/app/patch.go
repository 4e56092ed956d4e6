package app

import "strings"

// The fields of a PATCH are pointers: nil leaves the value as it is.

// set copies a given field onto dst.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// setText copies a given text field onto dst, trimmed.
func setText(dst *string, v *string) {
	if v != nil {
		*dst = strings.TrimSpace(*v)
	}
}
