package modern

import "reflect"

// The interpreter wraps a cell's value passed as a compiled interface (error,
// fmt.Stringer) in a struct whose first field, IValue, should hold the value; for a
// struct type without methods of its own in reflect (all a cell's struct types) it
// holds the struct's last field instead (yaegi's getConcreteValue), so a type
// assertion back to the cell's type fails, and errors.As with it. The session gives
// each struct type a cell declares a method returning its value (SelfMethod), and
// registers these wrappers, which carry that method, for error and fmt.Stringer:
// Self then recovers the value from a wrapper.

// SelfMethod is the name of the method the session adds to a cell's struct types.
const SelfMethod = "PetriValue__"

// WrapError is the interpreter's wrapper of a cell's value as an error.
type WrapError struct {
	IValue        any
	WError        func() string
	WPetriValue__ func() any
}

func (w WrapError) Error() string     { return w.WError() }
func (w WrapError) PetriValue__() any { return w.WPetriValue__() }

// WrapStringer is the interpreter's wrapper of a cell's value as a fmt.Stringer.
type WrapStringer struct {
	IValue        any
	WString       func() string
	WPetriValue__ func() any
}

func (w WrapStringer) String() string    { return w.WString() }
func (w WrapStringer) PetriValue__() any { return w.WPetriValue__() }

// Self returns the cell's value a wrapper holds, or v itself. A wrapper of a
// pointer holds the pointer in IValue, and its method returns the value pointed to:
// then the pointer is the value.
func Self(v any) any {
	s, ok := v.(interface{ PetriValue__() any })
	if !ok {
		return v
	}
	self := s.PetriValue__()
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Struct && rv.NumField() > 0 && rv.Type().Field(0).Name == "IValue" {
		inner := rv.Field(0)
		if inner.Kind() == reflect.Interface {
			inner = inner.Elem()
		}
		if inner.IsValid() && inner.Kind() == reflect.Pointer && !inner.IsNil() && inner.Elem().Type() == reflect.TypeOf(self) &&
			reflect.DeepEqual(inner.Elem().Interface(), self) {
			return inner.Interface()
		}
	}
	return self
}
