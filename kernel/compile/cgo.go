//go:build cgo

package compile

const cgoEnabled = true
