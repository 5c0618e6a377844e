package modern

import "reflect"

// Compiled halves of the errors package's walks in cells (see errorsCall): the
// interpreter does not match a compiled value (fmt.Errorf's wrapper, say) against an
// interface a cell spells, so these test compiled errors for Unwrap and compare
// them with Go's own type assertions.

// UnwrapError returns what e's Unwrap method returns: one error (next), or several
// (many, for Unwrap() []error); ok is false when e has neither.
func UnwrapError(e any) (next error, many []error, ok bool) {
	switch u := e.(type) {
	case interface{ Unwrap() error }:
		return u.Unwrap(), nil, true
	case interface{ Unwrap() []error }:
		return nil, u.Unwrap(), true
	}
	return nil, nil, false
}

// IsError reports whether a compiled e's Is method says it matches target.
func IsError(e any, target error) bool {
	x, ok := e.(interface{ Is(error) bool })
	return ok && x.Is(target)
}

// SameError reports whether a and b are the same error value as errors.Is compares
// them: equal and of a comparable type, seen through the interpreter's wrappers of a
// cell's values (a struct whose first field is IValue).
func SameError(a, b any) bool {
	va, vb := unwrapped(reflect.ValueOf(a)), unwrapped(reflect.ValueOf(b))
	if !va.IsValid() || !vb.IsValid() {
		return va.IsValid() == vb.IsValid()
	}
	if va.Type() != vb.Type() || !va.Type().Comparable() {
		return false
	}
	return va.Equal(vb)
}

func unwrapped(v reflect.Value) reflect.Value {
	if v.IsValid() && v.CanInterface() {
		if _, ok := v.Interface().(interface{ PetriValue__() any }); ok {
			v = reflect.ValueOf(Self(v.Interface()))
		}
	}
	for v.IsValid() {
		if v.Kind() == reflect.Interface {
			v = v.Elem()
			continue
		}
		if v.Kind() == reflect.Struct && v.NumField() > 0 && v.Type().Field(0).Name == "IValue" {
			v = v.Field(0)
			continue
		}
		break
	}
	return v
}

// AsInner is errors.As's test for an error a compiled wrapper returned from Unwrap:
// when it is the interpreter's wrapper of a cell's value of target's type, the value
// is stored into target (a pointer) and AsInner reports true. (The cell's own
// assertion does not see through that wrapper.)
func AsInner(e any, target any) bool {
	v := unwrapped(reflect.ValueOf(e))
	t := reflect.ValueOf(target)
	if !v.IsValid() || !t.IsValid() || t.Kind() != reflect.Pointer || t.IsNil() {
		return false
	}
	if reflect.ValueOf(e).Kind() != reflect.Struct || v.Type() != t.Type().Elem() {
		return false
	}
	t.Elem().Set(v)
	return true
}

// Inner returns the value the interpreter's wrapper e holds (a cell's value passed
// through a compiled interface), or e itself.
func Inner(e any) any {
	v := unwrapped(reflect.ValueOf(e))
	if !v.IsValid() || !v.CanInterface() {
		return e
	}
	return v.Interface()
}
