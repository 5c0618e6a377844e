"""The Jupyter project's own kernel test suite (jupyter_kernel_test), run against the
installed petri kernel through the real jupyter_client.

Run from tests/run.sh, which builds petri and installs its kernelspec into a
temporary JUPYTER_DATA_DIR first."""

import unittest

import jupyter_kernel_test as jkt


class PetriKernelTests(jkt.KernelTests):
    kernel_name = "petri"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'fmt.Fprintln(os.Stderr, "oops")'

    completion_samples = [
        {"text": "fmt.Sprin", "matches": {"Sprint", "Sprintf", "Sprintln"}},
        {"text": "strings.ToUp", "matches": {"ToUpper", "ToUpperSpecial"}},
        {"text": "math.Sqr", "matches": {"Sqrt", "Sqrt2", "SqrtE", "SqrtPhi", "SqrtPi"}},
    ]

    complete_code_samples = ["1", 'fmt.Println("hi")', "func f() int {\n\treturn 1\n}", "import \"fmt\""]
    incomplete_code_samples = ["func f() {", "x := []int{1,\n2,", "s := `raw"]
    invalid_code_samples = ["x := )", "func func"]

    code_generate_error = 'panic("deliberate")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": 'strings.Repeat("ab", 2)', "result": "abab"},
        {"code": "[]int{1, 2, 3}", "result": "[1 2 3]"},
    ]

    code_display_data = [
        {"code": 'display.HTML("<b>petri</b>")', "mime": "text/html"},
        {"code": 'display.Markdown("# petri")', "mime": "text/markdown"},
    ]

    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "fmt.Println"

    code_clear_output = "display.Clear()"

    code_page_something = "?fmt.Println"


if __name__ == "__main__":
    unittest.main(verbosity=2)
