package intan

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// goldenBlock builds a block by hand from PROTOCOLS.md §1.5 (not with
// AppendBlock): magic 0x2EF07A08 little-endian, then per frame a uint32
// timestamp and one uint16 per word.
func goldenBlock(t0 uint32, words int) []byte {
	var b bytes.Buffer
	b.Write([]byte{0x08, 0x7A, 0xF0, 0x2E})
	for f := 0; f < FramesPerBlock; f++ {
		binary.Write(&b, binary.LittleEndian, t0+uint32(f))
		for k := 0; k < words; k++ {
			binary.Write(&b, binary.LittleEndian, uint16(WordOffset+f*words+k))
		}
	}
	return b.Bytes()
}

func TestBlockLayout(t *testing.T) {
	// Intan's reader example (PROTOCOLS.md §1.5): a second of 1 channel at
	// 30 kHz is read as 181,420 bytes, i.e. ⌈30000/128⌉ = 235 blocks of
	// 4 + 128 × (4 + 2) = 772 bytes.
	if got := 235 * BlockSize(1); got != 181420 {
		t.Fatalf("235 blocks of 1 channel = %d bytes, want 181420", got)
	}
	g := goldenBlock(7, 3)
	ts := make([]uint32, FramesPerBlock)
	ws := make([]uint16, FramesPerBlock*3)
	for f := range ts {
		ts[f] = 7 + uint32(f)
		for k := 0; k < 3; k++ {
			ws[f*3+k] = uint16(WordOffset + f*3 + k)
		}
	}
	if !bytes.Equal(AppendBlock(nil, ts, ws), g) {
		t.Fatal("AppendBlock differs from the hand-built block")
	}
	rec := AppendSpike(nil, SpikeRecord{Name: "A-010", Timestamp: 0x01020304, ID: 1})
	want := []byte{0x0F, 0x71, 0xE2, 0x3A, 'A', '-', '0', '1', '0', 4, 3, 2, 1, 1}
	if !bytes.Equal(rec, want) {
		t.Fatalf("spike record % x, want % x", rec, want)
	}
}

// The decoder finds every block whatever the segmentation, and skips
// garbage, including garbage that contains the magic.
func TestWaveDecoderSegmentationAndGarbage(t *testing.T) {
	const words = 5
	rng := rand.New(rand.NewPCG(3, 4))
	var stream []byte
	var want []uint32
	junk := 0
	for b := 0; b < 40; b++ {
		if b%7 == 3 {
			g := make([]byte, 1+rng.IntN(300))
			for i := range g {
				g[i] = byte(rng.Uint32())
			}
			if b%2 == 1 { // a false magic inside the garbage
				binary.LittleEndian.PutUint32(g, WaveMagic)
			}
			stream = append(stream, g...)
			junk += len(g)
		}
		t0 := uint32(b * FramesPerBlock)
		stream = append(stream, goldenBlock(t0, words)...)
		want = append(want, t0)
	}
	for _, seg := range []int{1, 2, 3, 7, 64, 1000, len(stream)} {
		d := NewWaveDecoder(words)
		var got []uint32
		var blk Block
		for p := stream; len(p) > 0; {
			n := min(len(p), 1+rng.IntN(seg))
			d.Write(p[:n])
			p = p[n:]
			for d.Next(&blk) {
				got = append(got, blk.Timestamps[0])
				if blk.Words[2*words+4] != uint16(WordOffset+2*words+4) {
					t.Fatalf("segment %d: word decoded as %d", seg, blk.Words[2*words+4])
				}
			}
		}
		if len(got) != len(want) {
			t.Fatalf("segments ≤ %d bytes: %d blocks, want %d", seg, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("segments ≤ %d bytes: block %d at %d, want %d", seg, i, got[i], want[i])
			}
		}
		if d.Skipped != int64(junk) {
			t.Fatalf("segments ≤ %d bytes: skipped %d bytes, want %d", seg, d.Skipped, junk)
		}
	}
}

func TestSpikeDecoder(t *testing.T) {
	var stream []byte
	stream = append(stream, 1, 2, 3)
	stream = AppendSpike(stream, SpikeRecord{Name: "B-031", Timestamp: 99, ID: 1})
	stream = append(stream, 0x0F, 0x71, 0xE2, 0x3A, 'x') // a torn record
	stream = AppendSpike(stream, SpikeRecord{Name: "A-000", Timestamp: 100, ID: 128})
	var d SpikeDecoder
	var got []SpikeRecord
	var r SpikeRecord
	for _, b := range stream {
		d.Write([]byte{b})
		for d.Next(&r) {
			got = append(got, r)
		}
	}
	if len(got) != 2 || got[0] != (SpikeRecord{"B-031", 99, 1}) || got[1] != (SpikeRecord{"A-000", 100, 128}) {
		t.Fatalf("decoded %+v", got)
	}
}
