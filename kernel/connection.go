package kernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// Connection is a Jupyter connection file.
type Connection struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name"`
}

// ReadConnection reads and checks a connection file.
func ReadConnection(path string) (*Connection, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("kernel: reading the connection file: %w (Jupyter passes it as {connection_file})", err)
	}
	var c Connection
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("kernel: connection file %s is not valid JSON: %w", path, err)
	}
	if c.Transport == "" {
		c.Transport = "tcp"
	}
	if c.Transport != "tcp" && c.Transport != "ipc" {
		return nil, fmt.Errorf("kernel: connection file %s: transport %q is not supported; use tcp or ipc", path, c.Transport)
	}
	if c.IP == "" {
		return nil, fmt.Errorf("kernel: connection file %s has no ip", path)
	}
	for name, p := range map[string]int{"shell_port": c.ShellPort, "control_port": c.ControlPort,
		"stdin_port": c.StdinPort, "iopub_port": c.IOPubPort, "hb_port": c.HBPort} {
		if p <= 0 || p > 65535 {
			return nil, fmt.Errorf("kernel: connection file %s: %s %d is not a port number", path, name, p)
		}
	}
	return &c, nil
}

func (c *Connection) endpoint(port int) string {
	if c.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", c.IP, port)
	}
	return fmt.Sprintf("tcp://%s:%d", c.IP, port)
}

var errShutdown = errors.New("kernel: shut down")
