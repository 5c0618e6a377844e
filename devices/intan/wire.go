package intan

import (
	"encoding/binary"
	"fmt"
	"unsafe"
)

// littleEndian is true on hosts whose uint16 layout is the wire's.
var littleEndian = func() bool { x := uint16(1); return *(*byte)(unsafe.Pointer(&x)) == 1 }()

// Wire constants of RHX's TCP data output (PROTOCOLS.md §1.5 and §1.6).
const (
	WaveMagic        uint32 = 0x2EF07A08 // starts every waveform data block
	SpikeMagic       uint32 = 0x3AE2710F // starts every spike record
	FramesPerBlock          = 128        // frames in a waveform data block
	SpikeRecordSize         = 14         // bytes of one spike record
	MicroVoltsPerBit        = 0.195      // amplifier WIDE/LOW/HIGH: µV = 0.195 × (word − 32768)
	WordOffset              = 32768      // amplifier word of 0 µV
)

// BlockSize returns the bytes of one waveform block of words uint16 words
// per frame: the magic, then 128 × (uint32 timestamp + words × uint16).
func BlockSize(words int) int { return 4 + FramesPerBlock*(4+2*words) }

// Block is one decoded waveform block: Timestamps[f] is frame f's sample
// index, Words[f·W + k] its k-th word (W words per frame).
type Block struct {
	Timestamps [FramesPerBlock]uint32
	Words      []uint16
}

// AppendBlock appends to dst the wire form of 128 frames: timestamps ts
// and frame-major words (len(words) = 128 × W).
func AppendBlock(dst []byte, ts []uint32, words []uint16) []byte {
	if len(ts) != FramesPerBlock || len(words)%FramesPerBlock != 0 {
		panic(fmt.Sprintf("intan: AppendBlock of %d timestamps and %d words; want 128 and a multiple of 128", len(ts), len(words)))
	}
	w := len(words) / FramesPerBlock
	dst = binary.LittleEndian.AppendUint32(dst, WaveMagic)
	for f, t := range ts {
		dst = binary.LittleEndian.AppendUint32(dst, t)
		for _, v := range words[f*w : (f+1)*w] {
			dst = binary.LittleEndian.AppendUint16(dst, v)
		}
	}
	return dst
}

// WaveDecoder turns the waveform byte stream, cut into writes of any size,
// into blocks. It resynchronises on the magic: bytes before a magic that
// does not start a valid block (128 consecutive timestamps) are skipped and
// counted. The zero value is not usable; use NewWaveDecoder.
type WaveDecoder struct {
	words   int
	size    int
	buf     []byte
	off     int
	Skipped int64 // bytes skipped to resynchronise
}

// NewWaveDecoder returns a decoder of frames of words uint16 words.
func NewWaveDecoder(words int) *WaveDecoder {
	if words < 1 {
		panic(fmt.Sprintf("intan: NewWaveDecoder(%d): a frame has at least one word", words))
	}
	return &WaveDecoder{words: words, size: BlockSize(words)}
}

// Write appends stream bytes; it never fails.
func (d *WaveDecoder) Write(p []byte) (int, error) {
	if d.off > 0 && d.off >= len(d.buf)/2 {
		d.buf = append(d.buf[:0], d.buf[d.off:]...)
		d.off = 0
	}
	d.buf = append(d.buf, p...)
	return len(p), nil
}

// Buffered returns the bytes held that are not yet part of a block.
func (d *WaveDecoder) Buffered() int { return len(d.buf) - d.off }

// Reset drops buffered bytes (a partial block at a disconnect).
func (d *WaveDecoder) Reset() { d.buf, d.off = d.buf[:0], 0 }

// Next decodes the next complete block into b (reusing b.Words) and
// reports whether there was one.
func (d *WaveDecoder) Next(b *Block) bool {
	for {
		p := d.buf[d.off:]
		if len(p) < 4 {
			return false
		}
		if binary.LittleEndian.Uint32(p) != WaveMagic {
			d.skip(p)
			continue
		}
		if len(p) < d.size {
			return false
		}
		if !d.valid(p) {
			d.off++
			d.Skipped++
			continue
		}
		fs := 4 + 2*d.words
		if cap(b.Words) < FramesPerBlock*d.words {
			b.Words = make([]uint16, FramesPerBlock*d.words)
		}
		b.Words = b.Words[:FramesPerBlock*d.words]
		for f := 0; f < FramesPerBlock; f++ {
			fr := p[4+f*fs : 4+(f+1)*fs]
			b.Timestamps[f] = binary.LittleEndian.Uint32(fr)
			ws := b.Words[f*d.words : (f+1)*d.words]
			fr = fr[4:]
			if littleEndian { // the wire's byte order: a plain copy
				copy(unsafe.Slice((*byte)(unsafe.Pointer(&ws[0])), 2*len(ws)), fr)
				continue
			}
			for k := range ws {
				ws[k] = uint16(fr[2*k]) | uint16(fr[2*k+1])<<8
			}
		}
		d.off += d.size
		return true
	}
}

// skip drops bytes up to the next possible magic.
func (d *WaveDecoder) skip(p []byte) {
	for i := 1; i+4 <= len(p); i++ {
		if binary.LittleEndian.Uint32(p[i:]) == WaveMagic {
			d.off += i
			d.Skipped += int64(i)
			return
		}
	}
	n := len(p) - 3 // keep a possible partial magic
	d.off += n
	d.Skipped += int64(n)
}

// valid checks that a candidate block's timestamps count up by one, which
// garbage that happens to contain the magic does not.
func (d *WaveDecoder) valid(p []byte) bool {
	fs := 4 + 2*d.words
	t0 := binary.LittleEndian.Uint32(p[4:])
	for f := 1; f < FramesPerBlock; f++ {
		if binary.LittleEndian.Uint32(p[4+f*fs:]) != t0+uint32(f) {
			return false
		}
	}
	return true
}

// SpikeRecord is one record of the spike stream.
type SpikeRecord struct {
	Name      string // the channel's native name, e.g. "A-010"
	Timestamp uint32 // frame of the spike
	ID        uint8  // 1 threshold crossing; 128 likely artifact; 1–64 sorted units
}

// AppendSpike appends the wire form of r.
func AppendSpike(dst []byte, r SpikeRecord) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, SpikeMagic)
	var name [5]byte
	copy(name[:], r.Name)
	dst = append(dst, name[:]...)
	dst = binary.LittleEndian.AppendUint32(dst, r.Timestamp)
	return append(dst, r.ID)
}

// SpikeDecoder turns the spike byte stream into records, resynchronising
// on the magic and on a plausible channel name.
type SpikeDecoder struct {
	buf     []byte
	off     int
	Skipped int64
}

// Write appends stream bytes; it never fails.
func (d *SpikeDecoder) Write(p []byte) (int, error) {
	if d.off > 0 && d.off >= len(d.buf)/2 {
		d.buf = append(d.buf[:0], d.buf[d.off:]...)
		d.off = 0
	}
	d.buf = append(d.buf, p...)
	return len(p), nil
}

// Reset drops buffered bytes.
func (d *SpikeDecoder) Reset() { d.buf, d.off = d.buf[:0], 0 }

// Next decodes the next record into r and reports whether there was one.
func (d *SpikeDecoder) Next(r *SpikeRecord) bool {
	for {
		p := d.buf[d.off:]
		if len(p) < SpikeRecordSize {
			return false
		}
		if binary.LittleEndian.Uint32(p) != SpikeMagic || !plausibleName(p[4:9]) || p[13] == 0 {
			d.off++
			d.Skipped++
			continue
		}
		r.Name = string(p[4:9])
		r.Timestamp = binary.LittleEndian.Uint32(p[9:])
		r.ID = p[13]
		d.off += SpikeRecordSize
		return true
	}
}

// plausibleName accepts an amplifier channel name, "A-000" to "H-127".
func plausibleName(b []byte) bool {
	return b[0] >= 'A' && b[0] <= 'P' && b[1] == '-' &&
		b[2] >= '0' && b[2] <= '9' && b[3] >= '0' && b[3] <= '9' && b[4] >= '0' && b[4] <= '9'
}

// ChannelName returns the native name of amplifier channel k when every
// port holds perPort channels: "A-000", …, "A-031", "B-000", ….
func ChannelName(k, perPort int) string {
	return fmt.Sprintf("%c-%03d", 'A'+k/perPort, k%perPort)
}
