//go:build amd64 && !purego

#include "textflag.h"

// func eulerAVX2(v, u, ia, ig *float64, n int, k *kernel, spk *int32) int
// Four neurons per iteration, the same operations in the same order as
// eulerGo (no FMA), so results agree bit for bit. n is a multiple of 4.
TEXT ·eulerAVX2(SB), NOSPLIT, $0-64
	MOVQ v+0(FP), SI
	MOVQ u+8(FP), DI
	MOVQ ia+16(FP), R8
	MOVQ ig+24(FP), R9
	MOVQ n+32(FP), CX
	MOVQ k+40(FP), AX
	MOVQ spk+48(FP), DX
	VBROADCASTSD 0(AX), Y15  // vref
	VBROADCASTSD 8(AX), Y14  // vthr
	VBROADCASTSD 16(AX), Y13 // ck
	VBROADCASTSD 24(AX), Y12 // cv
	VBROADCASTSD 32(AX), Y11 // cu
	VBROADCASTSD 40(AX), Y10 // cub
	VBROADCASTSD 48(AX), Y9  // da
	VBROADCASTSD 56(AX), Y8  // dg
	VBROADCASTSD 64(AX), Y7  // vpeak
	XORQ BX, BX              // i
	XORQ R10, R10            // spikes found

loop:
	CMPQ BX, CX
	JGE  done
	VMOVUPD (SI)(BX*8), Y0 // v
	VMOVUPD (R8)(BX*8), Y1 // a
	VMOVUPD (R9)(BX*8), Y2 // g
	VMOVUPD (DI)(BX*8), Y3 // u
	VSUBPD  Y15, Y0, Y4    // x = v - vref
	VMULPD  Y13, Y4, Y5    // x*ck
	VSUBPD  Y14, Y0, Y6    // v - vthr
	VMULPD  Y6, Y5, Y5     // (x*ck)*(v-vthr)
	VADDPD  Y5, Y0, Y5     // v + ...
	VSUBPD  Y2, Y1, Y6     // a - g
	VSUBPD  Y3, Y6, Y6     // (a-g) - u
	VMULPD  Y6, Y12, Y6    // cv*(...)
	VADDPD  Y6, Y5, Y5     // nv
	VMOVUPD Y5, (SI)(BX*8)
	VMULPD  Y3, Y11, Y3    // cu*u
	VMULPD  Y4, Y10, Y4    // cub*x
	VADDPD  Y4, Y3, Y3
	VMOVUPD Y3, (DI)(BX*8)
	VMULPD  Y9, Y1, Y1     // a*da
	VMOVUPD Y1, (R8)(BX*8)
	VMULPD  Y8, Y2, Y2     // g*dg
	VMOVUPD Y2, (R9)(BX*8)
	VCMPPD  $0x1e, Y7, Y5, Y6 // nv > vpeak (GT_OQ)
	VMOVMSKPD Y6, AX
	TESTQ   AX, AX
	JNZ     spike

next:
	ADDQ $4, BX
	JMP  loop

spike:
	BTQ  $0, AX
	JCC  bit1
	MOVL BX, (DX)(R10*4)
	INCQ R10

bit1:
	BTQ  $1, AX
	JCC  bit2
	LEAQ 1(BX), R11
	MOVL R11, (DX)(R10*4)
	INCQ R10

bit2:
	BTQ  $2, AX
	JCC  bit3
	LEAQ 2(BX), R11
	MOVL R11, (DX)(R10*4)
	INCQ R10

bit3:
	BTQ  $3, AX
	JCC  next
	LEAQ 3(BX), R11
	MOVL R11, (DX)(R10*4)
	INCQ R10
	JMP  next

done:
	VZEROUPPER
	MOVQ R10, ret+56(FP)
	RET

// func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eaxArg+0(FP), AX
	MOVL ecxArg+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET
