"""Values no form would send: what the fuzz tests put in query strings."""

from hypothesis import strategies as st

HOSTILE_VALUES = [
    "\x00",
    "a\x00b",
    "%00",
    "99999",
    "999999999999999999999999",
    "-1",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "2021-02-30",
    "2021-13-01",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "2021-02-28T25:61:00",
    "x" * 5000,
    "🏠🔥👩‍🌾",
    "' OR 1=1 --",
    '"; DROP TABLE places_place; --',
    "%",
    "_",
    "\\",
    "1,2,3",
    ",",
    "",
    " ",
    "True",
    "None",
    "[]",
    "{}",
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "\u202e\u200b",
]

hostile_value = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.text(max_size=20),
)
