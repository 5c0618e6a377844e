package rt

import (
	"math"
	"reflect"
	"strconv"
	"unsafe"
)

// GoPrint is the print builtin, writing to the cell's standard error in the
// runtime's own formats: floats in their shortest form (1.5, 1e+300), complex numbers
// as (5+6i), pointers, channels, maps and funcs as hexadecimal addresses, and slices
// as [len/cap]address. (The runtime prints an interface as a (type,data) pair of
// addresses; here its dynamic value prints, as neither is reproducible anyway.)
func GoPrint(args ...any) {
	var b []byte
	for _, a := range args {
		b = appendValue(b, a)
	}
	Stderr().Write(b)
}

// GoPrintln is println: GoPrint's values separated by spaces, then a newline.
func GoPrintln(args ...any) {
	var b []byte
	for i, a := range args {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendValue(b, a)
	}
	b = append(b, '\n')
	Stderr().Write(b)
}

func appendValue(b []byte, a any) []byte {
	if e, ok := a.(EfaceArg); ok {
		w := (*[2]uintptr)(unsafe.Pointer(&e.V))
		b = append(b, "(0x"...)
		b = strconv.AppendUint(b, uint64(w[0]), 16)
		b = append(b, ",0x"...)
		b = strconv.AppendUint(b, uint64(w[1]), 16)
		return append(b, ')')
	}
	if a == nil {
		return append(b, "nil"...)
	}
	v := reflect.ValueOf(a)
	switch v.Kind() {
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10)
	case reflect.Float32:
		return appendFloat(b, v.Float(), 32)
	case reflect.Float64:
		return appendFloat(b, v.Float(), 64)
	case reflect.Complex64, reflect.Complex128:
		bits := 64
		if v.Kind() == reflect.Complex64 {
			bits = 32
		}
		c := v.Complex()
		b = append(b, '(')
		b = appendFloat(b, real(c), bits)
		if im := imag(c); !(im < 0 || math.Signbit(im) || math.IsInf(im, 0)) {
			b = append(b, '+')
		}
		b = appendFloat(b, imag(c), bits)
		return append(b, "i)"...)
	case reflect.String:
		return append(b, v.String()...)
	case reflect.Pointer, reflect.Chan, reflect.Map, reflect.Func, reflect.UnsafePointer:
		b = append(b, "0x"...)
		return strconv.AppendUint(b, uint64(v.Pointer()), 16)
	case reflect.Slice:
		// The runtime prints a slice as [len/cap]0xaddr.
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(v.Len()), 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(v.Cap()), 10)
		b = append(b, "]0x"...)
		return strconv.AppendUint(b, uint64(v.Pointer()), 16)
	}
	return append(b, "(?)"...)
}

// appendFloat formats v as the runtime's print does since Go 1.25: the shortest
// representation that reads back as the same value, in %g form, with an explicit
// sign for infinities.
func appendFloat(b []byte, v float64, bits int) []byte {
	return strconv.AppendFloat(b, v, 'g', -1, bits)
}

// Eface is an interface-typed argument of print or println: the runtime prints an
// interface as its two words, (0x0,0x0) when it is nil.
type EfaceArg struct{ V any }

// Eface marks v, an interface-typed argument of print or println, for GoPrint.
func Eface(v any) EfaceArg { return EfaceArg{v} }
