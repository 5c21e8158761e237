"""Checks PDFs with page-validation (PyPI `page-validation`), an independent PDF/UA and
PDF/A validator: `python3 validate.py PROFILE FILE...` prints one line per failed rule as
`FILE<TAB>RULE<TAB>MESSAGE` and a summary `FILE<TAB>ok|failed<TAB>PASSED/TOTAL rules`.
Exits 0 when every file conforms, 1 when one does not, 2 when page-validation is missing."""

import sys

try:
    import page
except ImportError:
    print(
        "page-validation is not installed: run scripts/setup.sh, or "
        "pip install --break-system-packages page-validation",
        file=sys.stderr,
    )
    sys.exit(2)

profile, files = sys.argv[1], sys.argv[2:]
failed = False
for path in files:
    report = page.validate_pdf(path, profile=profile, limits=page.SafetyLimits.unlimited())
    seen = set()
    for f in report.failures:
        if f.rule_id in seen:
            continue
        seen.add(f.rule_id)
        print(f"{path}\t{f.rule_id}\t{f.message}")
    status = "ok" if report.is_compliant else "failed"
    failed = failed or not report.is_compliant
    print(f"{path}\t{status}\t{report.rules.passed}/{report.rules.total} rules")
sys.exit(1 if failed else 0)
