"""The HTML brief: one offline file (inline CSS and SVG, no scripts, no requests) rendered from the model.

Each section's heading states its finding; every text comes from the message catalogs of the
chosen language; fonts with Hangul and Han glyphs come first for Korean and Chinese.
"""

from __future__ import annotations

import datetime as dt

import jinja2

from coopscope.evidence import SECTION_NAMES, Cooperation
from coopscope.i18n import (
    FONT_STACK,
    N_,
    check_lang,
    country_name,
    format_date,
    format_statement,
    rule_name,
    translator,
)
from coopscope.report.labels import SECTION_TITLES, column_kind, display, header
from coopscope.report.views import View, section_views

CELL_CLASSES = {
    "money": "n",
    "percent": "n",
    "index": "n",
    "count": "n",
    "year": "n",
    "country": "k",
    "class": "k",
    "area": "k",
    "rule": "k",
    "product": "p",
}
TEMPLATE_TEXTS = (N_("Key findings"), N_("No rows."))
SECTION_CHARTS = {
    "dependence": ("suppliers", "areas"),
    "rules": ("rule_counts", "agreement"),
    "shared": ("shared",),
    "robustness": ("robustness",),
    "whatif": ("whatif",),
    "opportunities": ("opportunities",),
    "substitution": ("substitution",),
    "balance": ("balance", "trends"),
}
CSS = """
*{box-sizing:border-box}
body{font-family:%(fonts)s;max-width:72rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5;
overflow-wrap:break-word}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.15rem;margin:.2rem 0 .6rem}
.label{color:#1f5fa8;font-weight:600;font-size:.85rem;text-transform:uppercase;letter-spacing:.03em;margin-top:2rem;
border-top:2px solid #1f5fa8;padding-top:.4rem}
.banner{background:#ffc7ce;color:#9c0006;font-weight:bold;padding:.7rem 1rem;border-radius:4px}
.meta,.note{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%%;font-size:.8rem;margin:.4rem 0 1rem;table-layout:auto}
th,td{border:1px solid #ccc;padding:.2rem .35rem;text-align:left;vertical-align:top}
th{background:#dde6f0;font-weight:600}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.k{white-space:nowrap}td.p{min-width:14rem;max-width:26rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
figure{margin:.6rem 0}svg{max-width:100%%;height:auto}
ul.findings li{margin:.25rem 0}
@media print{@page{size:A4;margin:14mm}body{max-width:none;margin:0;font-size:10pt}
section{break-inside:auto}figure,table{break-inside:avoid}h2,.label{break-after:avoid}.banner{border:2px solid #9c0006}}
"""
TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{{ title }}</title><style>{{ css | safe }}</style></head><body>
{% if banner %}<p class="banner" id="synthetic-banner">{{ banner }}</p>{% endif %}
<h1>{{ title }}</h1>
<p class="meta">{{ meta }}</p>
<h2 id="key-findings">{{ t("Key findings") }}</h2>
<ul class="findings">{% for s in sections %}<li><a href="#{{ s.name }}">{{ s.headline }}</a></li>
{% if s.name == "balance" and claim %}<li><a href="#balance">{{ claim }}</a></li>{% endif %}{% endfor %}</ul>
{% for s in sections %}<section id="{{ s.name }}">
<p class="label">{{ s.title }}</p><h2>{{ s.headline }}</h2>
{% for svg in s.charts %}<figure>{{ svg | safe }}</figure>{% endfor %}
{% if s.statements %}<ul>{% for x in s.statements %}<li>{{ x }}</li>{% endfor %}</ul>{% endif %}
{% for v in s.views %}<table><caption>{{ v.title }}</caption><thead><tr>{% for h in v.headers %}<th>{{ h }}</th>
{% endfor %}</tr></thead><tbody>{% for row in v.rows %}<tr>{% for cell, num in row %}
<td class="{{ num }}">{{ cell }}</td>{% endfor %}</tr>
{% else %}<tr><td colspan="{{ v.headers | length }}">{{ t("No rows.") }}</td></tr>
{% endfor %}</tbody></table>{% endfor %}
{% for n in s.notes %}<p class="note">{{ n }}</p>{% endfor %}
</section>{% endfor %}
<p class="meta">{{ footer }}</p>
</body></html>
"""


def render_brief(c: Cooperation, charts: dict[str, str], lang: str = "en", *, today: dt.date | None = None) -> str:
    """The brief of ``c`` in ``lang`` as one HTML string (``charts`` from coopscope.report.charts)."""
    from coopscope._version import __version__

    lang = check_lang(lang)
    t = translator(lang).gettext
    names = {"a": country_name(c.a, lang), "b": country_name(c.b, lang)}
    years = f"{c.years[0]}–{c.year}" if len(c.years) > 1 else str(c.year)
    env = jinja2.Environment(autoescape=True)
    return env.from_string(TEMPLATE).render(
        lang=lang,
        t=t,
        css=CSS % {"fonts": FONT_STACK[lang]},
        title=t("Cooperation evidence: {a} and {b}, {years}").format(**names, years=years),
        banner=t(SYNTHETIC_BANNER) if c.synthetic else "",
        meta=t("Supplier group: {group} · rules side by side: {rules} · generated {date}").format(
            group=", ".join(country_name(s, lang) for s in c.suppliers),
            rules=", ".join(rule_name(r, lang) for r in c.rules),
            date=format_date(today or dt.date.today(), lang),
        ),
        sections=[_section(c, name, charts, lang) for name in SECTION_NAMES],
        claim=regional_claim(c, lang),
        footer=t("Generated by coopscope {version} from the evidence model {model}.").format(
            version=__version__, model=c.version
        ),
    )


def regional_claim(c: Cooperation, lang: str) -> str:
    """The test of the regional supply-chain claim (section 5), as a sentence in ``lang``."""
    found = [s for s in c.section("balance").statements if s.key.startswith("The claim")]
    return format_statement(found[0], lang) if found else ""


SYNTHETIC_BANNER = N_(
    "SYNTHETIC DATA: every number in this brief comes from a synthetic world generated by coopscope, "
    "not from real trade statistics. Do not cite it."
)


def _section(c: Cooperation, name: str, charts: dict[str, str], lang: str) -> dict[str, object]:
    s = c.section(name)
    t = translator(lang).gettext
    return {
        "name": name,
        "title": t(SECTION_TITLES[name]),
        "headline": format_statement(s.headline, lang),
        "statements": [format_statement(x, lang) for x in s.statements],
        "notes": [format_statement(x, lang) for x in s.notes],
        "charts": [charts[k] for k in SECTION_CHARTS.get(name, ()) if k in charts],
        "views": [_view(c, v, lang) for v in section_views(c, name)],
    }


def _view(c: Cooperation, view: View, lang: str) -> dict[str, object]:
    t = translator(lang).gettext
    names = {"a": country_name(c.a, lang), "b": country_name(c.b, lang)}
    numeric = [CELL_CLASSES.get(column_kind(col), "") for col in view.columns]
    return {
        "title": t(view.title).format(**names),
        "headers": [header(col, lang, c.a, c.b) for col in view.columns],
        "rows": [
            [
                (display(col, v, lang, revision=c.hs_revision or "HS22"), n)
                for col, v, n in zip(view.columns, row, numeric, strict=True)
            ]
            for row in view.rows
        ],
    }
