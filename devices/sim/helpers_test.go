package sim

import "github.com/petri-mea/petri/devices/hdmea"

func hdmeaProb(c hdmea.Config, q, d float64) float64 { return hdmea.ActivationProb(c, q, d) }
