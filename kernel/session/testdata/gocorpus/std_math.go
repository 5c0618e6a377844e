package main

import (
	"fmt"
	"math"
	"math/bits"
)

func main() {
	fmt.Println(math.Sqrt(2), math.Pow(2, 10), math.Floor(-1.5), math.Ceil(1.2))
	fmt.Println(math.Max(3, 7), math.Min(3, 7), math.Abs(-4.2), math.Mod(7, 3))
	fmt.Printf("%.4f %.4f %.4f\n", math.Sin(math.Pi/6), math.Log(math.E), math.Hypot(3, 4))
	fmt.Println(math.Inf(1), -math.Inf(1), math.NaN(), math.MaxInt64, math.Round(2.5))
	fmt.Println(bits.OnesCount(255), bits.LeadingZeros64(1), bits.Reverse8(1))
	fmt.Println(math.Trunc(-2.7), math.Signbit(-0.0), math.Cbrt(27))
}
