"""The kernel-free quiz: valid, deterministic, sanitizer-proof HTML."""

from html.parser import HTMLParser

import pytest

from gdcourse.quiz import Question, Quiz, text_to_html


def sample_quiz():
    return Quiz(
        [
            Question(
                "Which step size makes GD overshoot on $f(x) = x^2$?",
                ["$\\eta = 0.1$", "$\\eta = 1.5$", "$\\eta = 0.01$"],
                answer=1,
                explanation="The step is stable only while $\\eta < 1$ & here it is not.",
                feedback=[None, "Yes: each step flips the sign.", "Too small to overshoot."],
            ),
            Question(
                "Which are adaptive methods?",
                ["AdaGrad", "`GD`", "Adam"],
                answer=[0, 2],
                explanation="They scale each coordinate by past squared gradients.",
            ),
        ]
    )


class Collector(HTMLParser):
    """Records start tags with attributes and checks that every tag is closed."""

    VOID = {"br"}

    def __init__(self):
        super().__init__()
        self.stack, self.starts, self.errors = [], [], []

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def parse(html):
    collector = Collector()
    collector.feed(html)
    collector.close()
    assert collector.errors == [] and collector.stack == []
    return collector.starts


def test_structure_for_a_browser_test():
    starts = parse(sample_quiz()._repr_html_())
    root_tag, root_attrs = starts[0]
    assert root_tag == "div" and root_attrs["class"].split()[0] == "gdquiz"
    choices = [attrs for tag, attrs in starts if tag == "details"]
    assert [c["class"] for c in choices] == ["gdquiz-choice"] * 6
    assert [c["data-correct"] for c in choices] == [
        "false",
        "true",
        "false",
        "true",
        "false",
        "true",
    ]
    assert sum(tag == "summary" for tag, _ in starts) == 6


def test_feedback_text():
    html = sample_quiz().to_html()
    blocks = html.split("<details")[1:]
    assert "Not quite</b> — The step is stable" in blocks[0]
    assert "Correct</b> — Yes: each step flips the sign. The step is stable" in blocks[1]
    assert "Not quite</b> — Too small to overshoot." in blocks[2]
    assert "Select all that apply" in html and html.count("Select all that apply") == 1


def test_no_scripts_styles_or_varying_content():
    html = sample_quiz()._repr_html_()
    assert "<script" not in html and "<style" not in html and " id=" not in html
    assert html == sample_quiz()._repr_html_()  # the same text every time
    assert "0x" not in html


def test_math_escaping_and_code():
    assert text_to_html("a < b & $x<y$") == "a &lt; b &amp; \\(x&lt;y\\)"
    assert text_to_html("$$\\sum_i x_i$$") == "\\[\\sum_i x_i\\]"
    assert (
        text_to_html("costs \\$5 and `f(x) <- 1`")
        == "costs <span>$</span>5 and <code>f(x) &lt;- 1</code>"
    )
    assert text_to_html("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    html = sample_quiz()._repr_html_()
    assert "\\(f(x) = x^2\\)" in html and "<code>GD</code>" in html and "&amp; here" in html


def test_reprs_are_short_and_fixed():
    assert repr(sample_quiz()) == "Quiz('Check your understanding', 2 questions)"
    assert (
        repr(Quiz(sample_quiz().questions[:1], title="Momentum")) == "Quiz('Momentum', 1 question)"
    )
    assert repr(sample_quiz().questions[1]) == "Question('Which are adaptive methods?', 3 choices)"


def test_title_is_escaped():
    assert "A &lt;b&gt; quiz" in Quiz(sample_quiz().questions, title="A <b> quiz").to_html()


BAD_QUESTIONS = [
    ({"text": ""}, "text"),
    ({"choices": ["only one"]}, "choices"),
    ({"choices": "AB"}, "choices"),
    ({"choices": ["A", "A"]}, "different"),
    ({"choices": ["A", " A "]}, "different"),
    ({"choices": ["a  b", "a b"]}, "different"),
    ({"choices": ["A", ""]}, r"choices\[1\]"),
    ({"answer": 2}, "answer"),
    ({"answer": -1}, "answer"),
    ({"answer": True}, "answer"),
    ({"answer": "A"}, "answer"),
    ({"answer": []}, "answer"),
    ({"answer": [0, 0]}, "answer"),
    ({"answer": [0, 5]}, "answer"),
    ({"explanation": None}, "explanation"),
    ({"feedback": ["only one"]}, "feedback"),
    ({"feedback": [None, 3]}, r"feedback\[1\]"),
]


@pytest.mark.parametrize("kwargs, match", BAD_QUESTIONS, ids=[repr(k) for k, _ in BAD_QUESTIONS])
def test_bad_questions_raise(kwargs, match):
    args = {"text": "Q?", "choices": ["A", "B"], "answer": 0, "explanation": "Because."}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        Question(**args)


@pytest.mark.parametrize("questions", [[], "Q", [1], None])
def test_bad_quizzes_raise(questions):
    with pytest.raises(ValueError, match="question"):
        Quiz(questions)
    with pytest.raises(ValueError, match="title"):
        Quiz(sample_quiz().questions, title="")
