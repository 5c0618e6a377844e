package rt

import (
	"math"
	"reflect"
	"strconv"
)

// GoPrint and GoPrintln are the print and println builtins, writing to the cell's
// standard error in the runtime's own formats: floats as +1.500000e+000, complex
// numbers in parentheses, pointers, channels, maps and funcs as hexadecimal
// addresses, and interfaces as (type,data) pairs are not reproducible and print
// their address alone.
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
	case reflect.Float32, reflect.Float64:
		return appendFloat(b, v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		b = append(b, '(')
		b = appendFloat(b, real(c))
		b = appendFloat(b, imag(c))
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

// appendFloat formats v as the runtime's printfloat does: a sign, seven significant
// digits in d.dddddd form, and a signed three-digit exponent. The digits come from the
// same steps the runtime takes (scale by tens, add half a unit in the last place,
// truncate), so they round as println does, not as strconv would.
func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "+Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	}
	const n = 7
	var buf [n + 7]byte
	buf[0] = '+'
	e := 0
	if v == 0 {
		if math.Signbit(v) {
			buf[0] = '-'
		}
	} else {
		if v < 0 {
			v = -v
			buf[0] = '-'
		}
		for v >= 10 {
			e++
			v /= 10
		}
		for v < 1 {
			e--
			v *= 10
		}
		h := 5.0
		for i := 0; i < n; i++ {
			h /= 10
		}
		v += h
		if v >= 10 {
			e++
			v /= 10
		}
	}
	for i := 0; i < n; i++ {
		s := int(v)
		buf[i+2] = byte(s + '0')
		v -= float64(s)
		v *= 10
	}
	buf[1] = buf[2]
	buf[2] = '.'
	buf[n+2] = 'e'
	buf[n+3] = '+'
	if e < 0 {
		e = -e
		buf[n+3] = '-'
	}
	buf[n+4] = byte(e/100 + '0')
	buf[n+5] = byte(e/10%10 + '0')
	buf[n+6] = byte(e%10 + '0')
	return append(b, buf[:]...)
}
