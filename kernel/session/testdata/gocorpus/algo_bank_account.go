package main

import (
	"errors"
	"fmt"
)

var ErrInsufficient = errors.New("insufficient funds")

type Account struct {
	owner   string
	balance float64
	history []string
}

func (a *Account) Deposit(x float64) {
	a.balance += x
	a.history = append(a.history, fmt.Sprintf("+%.2f", x))
}

func (a *Account) Withdraw(x float64) error {
	if x > a.balance {
		return fmt.Errorf("withdraw %.2f: %w", x, ErrInsufficient)
	}
	a.balance -= x
	a.history = append(a.history, fmt.Sprintf("-%.2f", x))
	return nil
}

func main() {
	acc := &Account{owner: "ann"}
	acc.Deposit(100)
	if err := acc.Withdraw(30); err != nil {
		fmt.Println(err)
	}
	if err := acc.Withdraw(100); err != nil {
		fmt.Println(err, errors.Is(err, ErrInsufficient))
	}
	fmt.Printf("%s %.2f %v\n", acc.owner, acc.balance, acc.history)
}
