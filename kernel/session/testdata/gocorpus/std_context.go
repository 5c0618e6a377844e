package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type key string

func slow(ctx context.Context) error {
	select {
	case <-time.After(time.Second):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func main() {
	ctx := context.WithValue(context.Background(), key("user"), "ann")
	fmt.Println(ctx.Value(key("user")), ctx.Value(key("none")))
	tctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := slow(tctx)
	fmt.Println(err, errors.Is(err, context.DeadlineExceeded))
	cctx, cancel2 := context.WithCancel(context.Background())
	cancel2()
	fmt.Println(slow(cctx))
	cause := errors.New("shutdown")
	xctx, cancel3 := context.WithCancelCause(context.Background())
	cancel3(cause)
	fmt.Println(context.Cause(xctx))
}
