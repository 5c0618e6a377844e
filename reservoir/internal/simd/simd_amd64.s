#include "textflag.h"


// One 4-wide block of the row-pair kernel at element offset AX; the sums go
// to the accumulators SA0 (row 0) and SA1 (row 1).
#define BLOCK(OFF, SA0, SA1) \
	VMOVUPD OFF(R8)(AX*8), Y0 \
	VMOVUPD OFF(R9)(AX*8), Y1 \
	VMOVUPD OFF(SI)(AX*8), Y2 \
	VMOVUPD OFF(DI)(AX*8), Y3 \
	VFNMADD231PD Y8, Y0, Y2 \
	VFNMADD231PD Y9, Y0, Y3 \
	VMOVUPD Y2, OFF(SI)(AX*8) \
	VMOVUPD Y3, OFF(DI)(AX*8) \
	VFMADD231PD Y2, Y1, SA0 \
	VFMADD231PD Y3, Y1, SA1 \
	VMOVUPD OFF(R10)(AX*8), Y4 \
	VFMADD231PD Y10, Y2, Y4 \
	VFMADD231PD Y11, Y3, Y4 \
	VMOVUPD Y4, OFF(R10)(AX*8)

// func Pair(x0, x1, k, r, o *float64, n int, a0, a1, r0, r1 float64) (s0, s1 float64)
//
// For j in [0, n) (n a multiple of 4):
//   x0[j] -= a0 k[j]; x1[j] -= a1 k[j]
//   s0 += x0[j] r[j]; s1 += x1[j] r[j]
//   o[j] += r0 x0[j] + r1 x1[j]
TEXT ·Pair(SB), NOSPLIT, $0-96
	MOVQ x0+0(FP), SI
	MOVQ x1+8(FP), DI
	MOVQ k+16(FP), R8
	MOVQ r+24(FP), R9
	MOVQ o+32(FP), R10
	MOVQ n+40(FP), CX
	VBROADCASTSD a0+48(FP), Y8
	VBROADCASTSD a1+56(FP), Y9
	VBROADCASTSD r0+64(FP), Y10
	VBROADCASTSD r1+72(FP), Y11
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	VXORPD Y14, Y14, Y14
	VXORPD Y15, Y15, Y15
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-8, BX
	JZ   tail
loop8:
	BLOCK(0, Y12, Y13)
	BLOCK(32, Y14, Y15)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  loop8
tail:
	CMPQ AX, CX
	JGE  done
	BLOCK(0, Y12, Y13)
done:
	VADDPD Y14, Y12, Y12
	VADDPD Y15, Y13, Y13
	VEXTRACTF128 $1, Y12, X0
	VADDPD X0, X12, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VMOVSD X0, s0+80(FP)
	VEXTRACTF128 $1, Y13, X0
	VADDPD X0, X13, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VMOVSD X0, s1+88(FP)
	VZEROUPPER
	RET

// func CSRDot(val *float64, col *int32, n int, x *float64) float64
//
// Returns Σ_{q<n} val[q]·x[col[q]] with four FMA accumulators.
TEXT ·CSRDot(SB), NOSPLIT, $0-40
	MOVQ val+0(FP), SI
	MOVQ col+8(FP), DI
	MOVQ n+16(FP), CX
	MOVQ x+24(FP), DX
	VXORPD X0, X0, X0
	VXORPD X1, X1, X1
	VXORPD X2, X2, X2
	VXORPD X3, X3, X3
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-4, BX
	JZ   csrtail
csrloop4:
	MOVLQSX (DI)(AX*4), R8
	MOVLQSX 4(DI)(AX*4), R9
	MOVLQSX 8(DI)(AX*4), R10
	MOVLQSX 12(DI)(AX*4), R11
	VMOVSD (SI)(AX*8), X4
	VMOVSD 8(SI)(AX*8), X5
	VMOVSD 16(SI)(AX*8), X6
	VMOVSD 24(SI)(AX*8), X7
	VFMADD231SD (DX)(R8*8), X4, X0
	VFMADD231SD (DX)(R9*8), X5, X1
	VFMADD231SD (DX)(R10*8), X6, X2
	VFMADD231SD (DX)(R11*8), X7, X3
	ADDQ $4, AX
	CMPQ AX, BX
	JLT  csrloop4
csrtail:
	CMPQ AX, CX
	JGE  csrdone
	MOVLQSX (DI)(AX*4), R8
	VMOVSD (SI)(AX*8), X4
	VFMADD231SD (DX)(R8*8), X4, X0
	INCQ AX
	JMP  csrtail
csrdone:
	VADDSD X1, X0, X0
	VADDSD X3, X2, X2
	VADDSD X2, X0, X0
	VMOVSD X0, ret+32(FP)
	RET
