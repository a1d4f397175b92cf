"""Remake the PDF fixtures of tests/fixture-sources/ (the extraction tests never run this).

    .venv/bin/python tests/fixture-sources/make_pdfs.py

Chromium (Playwright, /usr/bin/chromium) prints the HTML pages below to
PDF: a simple statement, a two-column page, a narrow column with soft
hyphens, a report with a running header and footer and a page break inside a
quoted sentence, and a page whose only content is a drawing (no text layer).
The encrypted, hostile and truncated PDFs are written by hand: a small PDF is
text with a table of byte offsets, and the standard security handler
(RC4, 40 bits, PDF 1.3) is a few lines of MD5 and RC4.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

HERE = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"

STYLE = (
    "body { font-family: 'DejaVu Serif', serif; font-size: 12pt; line-height: 1.4; margin: 0; }"
    " p { margin: 0 0 0.8em; }"
)

SIMPLE = """<h1>Statement on the northern rail line</h1>
<p>The Ministry of Transport confirms that services on the northern rail line will resume on
Monday 4 March, after six weeks of engineering work between Alderford and Kingsmere.</p>
<p>During the closure, crews replaced two kilometres of track, renewed the signalling at
Kingsmere junction and strengthened the embankment near the river crossing, which had
been damaged by the floods of last November.</p>
<p>Passengers should expect a reduced timetable on the first two days while the new signals
are tested. Full services, including the early morning freight paths, will return on
Wednesday 6 March.</p>"""

TWO_COLUMNS = """<style>.cols { column-count: 2; column-gap: 2em; } h1 { column-span: all; }</style>
<div class="cols">
<h1>Harvest report: a mixed year for growers</h1>
<p>LEFT-ONE. Wheat yields across the region fell by about eight per cent this year, the
farmers' association said on Tuesday, as a wet spring delayed sowing on heavier soils and
a dry June held back the crop on lighter ground.</p>
<p>LEFT-TWO. Barley did better. Growers reported yields close to the five-year average, and
the quality of malting barley was described as good to very good by the main buyers.</p>
<p>LEFT-THREE. Oilseed rape remained the weak spot, with pest damage in the autumn forcing
some farmers to plough up fields and sow spring crops instead.</p>
<p>RIGHT-ONE. Prices have partly made up for the smaller wheat harvest. Feed wheat traded at
around 190 pounds a tonne in August, up from 170 pounds a year earlier and above the
five-year average of 180 pounds.</p>
<p>RIGHT-TWO. The association warned that fertiliser costs remain high and that many smaller
farms are still cautious about investing in new machinery.</p>
<p>RIGHT-THREE. Its full report, with figures for each district, will be published in
November, after the last of the maize has been harvested.</p>
</div>"""

# Lines broken by hand, as a typesetter would: words split at a hyphen
# ("investi-" / "gation", rejoined), a compound split at its own hyphen before
# a capital ("post-" / "Brexit", kept), and "three-and-a-half" inside a line (kept).
# (Chromium's &shy; soft hyphens come out of its text layer as gaps between
# syllables, which no extractor can tell from spaces: not what PDFs usually have.)
HYPHENATION = """<style>.narrow { width: 20em; }</style>
<div class="narrow">
<p>The commissioner's investi-<br>gation into the procure-<br>ment of the hospital's new
scanners<br>took three-and-a-half years and<br>interviewed more than forty wit-<br>nesses.</p>
<p>Its conclusions were unambig-<br>uous: the tendering rules were<br>followed, but the post-<br>Brexit
review of the bids was<br>poorly documented.</p>
</div>"""

# Three pages; the second <p> of the quote starts a page, so the quoted sentence
# runs from the foot of page 1 onto page 2. Header and footer repeat on every page.
RUNNING = """<style>.break { break-before: page; }</style>
<h1>Annual review of regional transport</h1>
<p>The review covers the twelve months to the end of December and looks at every mode of
public transport in the region: buses, trams, the northern and southern rail lines and the
two ferry routes across the estuary.</p>
<p>Passenger numbers recovered strongly. Across all modes, journeys rose by eleven per cent
on the previous year, with the largest growth on the tram network, where the new eastern
extension opened in April.</p>
<p style="margin-bottom: 0">At the launch of the review, the chair of the transport board said that
&ldquo;the figures show that when services are frequent and reliable, people</p>
<p class="break">come back to public transport in large numbers, and they stay.&rdquo;
The board will publish a detailed plan for the bus network in the spring.</p>
<p>Punctuality was the main weakness of the year. Only 84 per cent of trains on the
southern line arrived within five minutes of their scheduled time, against a target of
92 per cent, largely because of speed restrictions during track renewals.</p>
<p class="break">The ferry services carried 1.2 million passengers, a record for the routes,
and the new hybrid vessel entered service in September on the western crossing.</p>
<p>Fares rose by an average of three per cent in January, below the rate of inflation, and
the board froze the price of season tickets for students and apprentices.</p>
"""
HEADER = (
    '<div style="font-size: 9px; width: 100%; text-align: center;">'
    "Regional Transport Board \u2014 Annual Review 2023</div>"
)
FOOTER = (
    '<div style="font-size: 9px; width: 100%; text-align: center;">'
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)

# A "scan": the words are pixels on a canvas, printed as an image.
SCANNED = """<canvas id="c" width="600" height="200"></canvas>
<script>
const c = document.getElementById("c").getContext("2d");
c.fillStyle = "white"; c.fillRect(0, 0, 600, 200);
c.fillStyle = "black"; c.font = "28px serif";
c.fillText("This page was scanned: its words", 20, 80);
c.fillText("are an image, with no text layer.", 20, 130);
</script>"""


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )


_HEADER_FOOTER = {"display_header_footer": True, "header_template": HEADER, "footer_template": FOOTER}


def print_pdfs() -> None:
    from playwright.sync_api import sync_playwright

    jobs = [
        ("statement", "Statement on the northern rail line", SIMPLE, {}),
        ("two-columns", "Harvest report", TWO_COLUMNS, {}),
        ("hyphenation", "Procurement inquiry", HYPHENATION, {}),
        (
            "running-header",
            "Annual review",
            RUNNING,
            _HEADER_FOOTER,
        ),
        ("scanned", "Scanned page", SCANNED, {}),
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for name, title, body, options in jobs:
            page.set_content(_page(title, body))
            page.pdf(
                path=str(HERE / f"{name}.pdf"),
                format="A5",
                margin={"top": "2cm", "bottom": "2cm", "left": "1.5cm", "right": "1.5cm"},
                print_background=True,
                **options,
            )
        browser.close()


# --- hand-written PDFs -------------------------------------------------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_ID = bytes.fromhex("0123456789abcdef0123456789abcdef")
_PERMISSIONS = -44  # print and copy allowed: the restriction tested is the password


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _padded(password: bytes) -> bytes:
    return (password + _PAD)[:32]


def _security(user: bytes, owner: bytes) -> tuple[bytes, bytes, bytes]:
    """The file key, /O and /U of the standard security handler, revision 2."""
    o_value = _rc4(hashlib.md5(_padded(owner)).digest()[:5], _padded(user))
    key = hashlib.md5(_padded(user) + o_value + struct.pack("<i", _PERMISSIONS) + _ID).digest()[:5]
    return key, o_value, _rc4(key, _PAD)


def _pdf(objects: list[bytes], trailer: bytes = b"", key: bytes | None = None) -> bytes:
    """A PDF of these objects (numbered from 1), its xref and trailer; strings and
    streams of objects are encrypted with `key` when given (only `(...)` strings and streams are used)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        if key is not None and b"/Filter /Standard" not in body:
            body = _encrypt_object(body, number, key)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /ID [<%s><%s>] %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        _ID.hex().encode(),
        _ID.hex().encode(),
        trailer,
        xref,
    )
    return bytes(out)


def _encrypt_object(body: bytes, number: int, key: bytes) -> bytes:
    object_key = hashlib.md5(key + struct.pack("<i", number)[:3] + b"\x00\x00").digest()[:10]
    if b"stream\n" in body:
        head, rest = body.split(b"stream\n", 1)
        data = rest.rsplit(b"\nendstream", 1)[0]
        sealed = _rc4(object_key, data)
        head = head.replace(b"/Length %d" % len(data), b"/Length %d" % len(sealed))
        return head + b"stream\n" + sealed + b"\nendstream"
    if b"(" in body:
        start, end = body.index(b"("), body.rindex(b")")
        return body[:start] + b"<" + _rc4(object_key, body[start + 1 : end]).hex().encode() + b">" + body[end + 1 :]
    return body


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def _text_page_objects(lines: list[bytes], catalog_extra: bytes = b"") -> list[bytes]:
    content = b"BT /F1 11 Tf 14 TL 60 760 Td " + b" ".join(b"(%s) Tj T*" % line for line in lines) + b" ET"
    return [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(content),
    ]


SECRET_LINES = [b"This report is confidential and was sent to the board", b"with a password that readers do not have."]
OPEN_LINES = [
    b"This notice is encrypted with an empty user password,",
    b"so any reader opens it without asking for one.",
]
HOSTILE_LINES = [
    b"This notice carries a JavaScript action and an embedded file.",
    b"Only this text should ever come out of it.",
]


def encrypted(lines: list[bytes], user: bytes) -> bytes:
    key, o_value, u_value = _security(user, b"owner-password")
    objects = _text_page_objects(lines)
    objects.append(
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_value.hex().encode(), u_value.hex().encode(), _PERMISSIONS)
    )
    return _pdf(objects, b"/Encrypt %d 0 R " % len(objects), key)


def hostile() -> bytes:
    catalog = b"/OpenAction 6 0 R /Names << /EmbeddedFiles << /Names [(payload.txt) 7 0 R] >> >> "
    objects = _text_page_objects(HOSTILE_LINES, catalog)
    objects += [
        b"<< /Type /Action /S /JavaScript "
        b"/JS (app.alert('JS-ACTION-LEAK'); this.exportDataObject({cName: 'payload.txt'});) >>",
        b"<< /Type /Filespec /F (payload.txt) /EF << /F 8 0 R >> >>",
        _stream(b"EMBEDDED-FILE-LEAK: this must never be extracted.", b"/Type /EmbeddedFile "),
    ]
    return _pdf(objects)


def write_by_hand() -> None:
    (HERE / "encrypted-password.pdf").write_bytes(encrypted(SECRET_LINES, b"secret"))
    (HERE / "encrypted-open.pdf").write_bytes(encrypted(OPEN_LINES, b""))
    (HERE / "hostile.pdf").write_bytes(hostile())
    statement = (HERE / "statement.pdf").read_bytes()
    (HERE / "truncated.pdf").write_bytes(statement[: len(statement) // 2])


if __name__ == "__main__":
    print_pdfs()
    write_by_hand()
