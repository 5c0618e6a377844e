package main

import "fmt"

type Node struct {
	Val  int
	Next *Node
}

func reverse(h *Node) *Node {
	var prev *Node
	for h != nil {
		h, h.Next, prev = h.Next, prev, h
	}
	return prev
}

func (n *Node) String() string {
	s := ""
	for ; n != nil; n = n.Next {
		s += fmt.Sprint(n.Val)
		if n.Next != nil {
			s += "->"
		}
	}
	return s
}

func main() {
	var head *Node
	for i := 5; i > 0; i-- {
		head = &Node{i, head}
	}
	fmt.Println(head)
	fmt.Println(reverse(head))
}
