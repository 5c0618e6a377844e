package main

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"hash/fnv"
)

func main() {
	sum := sha256.Sum256([]byte("hello world\n"))
	fmt.Printf("%x\n", sum)
	fmt.Println(hex.EncodeToString(md5.New().Sum(nil)))
	h := sha256.New()
	h.Write([]byte("abc"))
	fmt.Printf("%x\n", h.Sum(nil))
	enc := base64.StdEncoding.EncodeToString([]byte("petri dish"))
	dec, _ := base64.StdEncoding.DecodeString(enc)
	fmt.Println(enc, string(dec))
	fmt.Println(crc32.ChecksumIEEE([]byte("golang")))
	f := fnv.New32a()
	f.Write([]byte("x"))
	fmt.Println(f.Sum32())
}
