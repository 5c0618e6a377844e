//go:build amd64 && !purego

#include "textflag.h"

// func eulerAVX2(y, w, as, gs *float64, n int, k *kernel, spk *int32) int
// Eight neurons per iteration (two independent groups of four), the same
// operations with the same roundings as eulerGo (VFMADD ≡ math.FMA), so
// results agree bit for bit. n is a multiple of 8. The only branch per
// eight neurons is a test of the two threshold masks.
TEXT ·eulerAVX2(SB), NOSPLIT, $0-64
	MOVQ y+0(FP), SI
	MOVQ w+8(FP), DI
	MOVQ as+16(FP), R8
	MOVQ gs+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ k+40(FP), AX
	MOVQ spk+48(FP), DX
	VBROADCASTSD 0(AX), Y15  // e
	VBROADCASTSD 8(AX), Y14  // ca
	VBROADCASTSD 16(AX), Y13 // cg
	VBROADCASTSD 24(AX), Y12 // c1
	VBROADCASTSD 32(AX), Y11 // cu
	VBROADCASTSD 40(AX), Y10 // ypeak
	XORQ BX, BX              // i
	XORQ R10, R10            // spikes found
	TESTQ CX, CX
	JEQ  done

loop:
	VMOVUPD (SI)(BX*8), Y0         // y
	VMOVUPD 32(SI)(BX*8), Y5
	VMOVUPD (DI)(BX*8), Y1         // w
	VMOVUPD 32(DI)(BX*8), Y6
	VMULPD  Y15, Y1, Y2            // t = w*e
	VMULPD  Y15, Y6, Y7
	VFMSUB231PD (R8)(BX*8), Y14, Y2   // t = as*ca - t
	VFMSUB231PD 32(R8)(BX*8), Y14, Y7
	VFNMADD231PD (R9)(BX*8), Y13, Y2  // t = t - gs*cg
	VFNMADD231PD 32(R9)(BX*8), Y13, Y7
	VADDPD  Y12, Y0, Y3            // p = y + c1
	VADDPD  Y12, Y5, Y8
	VFMADD231PD Y0, Y3, Y2         // y' = p*y + t
	VFMADD231PD Y5, Y8, Y7
	VFMADD231PD Y11, Y1, Y0        // w' = w*cu + y
	VFMADD231PD Y11, Y6, Y5
	VMOVUPD Y2, (SI)(BX*8)
	VMOVUPD Y7, 32(SI)(BX*8)
	VMOVUPD Y0, (DI)(BX*8)
	VMOVUPD Y5, 32(DI)(BX*8)
	VCMPPD  $0x1e, Y10, Y2, Y4     // y' > ypeak (GT_OQ)
	VCMPPD  $0x1e, Y10, Y7, Y9
	VMOVMSKPD Y4, AX
	VMOVMSKPD Y9, R11
	SHLQ    $4, R11
	ORQ     R11, AX
	JNZ     spike

next:
	ADDQ $8, BX
	CMPQ BX, CX
	JLT  loop

done:
	VZEROUPPER
	MOVQ R10, ret+56(FP)
	RET

spike:
	BSFQ AX, R11
	ADDQ BX, R11
	MOVL R11, (DX)(R10*4)
	INCQ R10
	LEAQ -1(AX), R11
	ANDQ R11, AX
	JNZ  spike
	JMP  next

