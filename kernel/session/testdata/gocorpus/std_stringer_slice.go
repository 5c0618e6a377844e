package main

import "fmt"

type Suit int

func (s Suit) String() string { return [...]string{"♠", "♥", "♦", "♣"}[s] }

func main() {
	fmt.Println(Suit(1))
	fmt.Println([]Suit{0, 1, 2})
}
