"""Raising a package's version edits only its version line."""

import pytest

from roadmaps.data.versions import bump_package, bump_text, next_version, version_line


@pytest.mark.parametrize(("old", "new"), [("1.0.0", "1.1.0"), ("0.1.0", "0.2.0"), ("2.9.4", "2.10.0")])
def test_next_version_is_the_next_minor(old, new):
    assert next_version(old) == new


def test_a_version_not_in_semver_form_is_refused():
    with pytest.raises(ValueError, match="1.2.3"):
        next_version("v1")


def test_bump_keeps_the_rest_of_the_descriptor(tmp_path):
    text = "name: x\n# комментарий сотрудника\nversion: '1.4.2'  # редакция\ntitle: Карта\nresources: []\n"
    (tmp_path / "datapackage.yaml").write_text(text, encoding="utf-8")
    assert bump_package(tmp_path) == ("1.4.2", "1.5.0")
    after = (tmp_path / "datapackage.yaml").read_text(encoding="utf-8")
    assert after == text.replace("1.4.2", "1.5.0")
    assert version_line(after) == (3, "1.5.0")


def test_a_nested_version_key_is_not_the_package_version():
    text = "name: x\nsources:\n  - version: 3.0.0\nversion: 1.0.0\n"
    new, old, _ = bump_text(text)
    assert old == "1.0.0" and "  - version: 3.0.0" in new and new.endswith("version: 1.1.0\n")


def test_a_descriptor_without_version_says_so():
    with pytest.raises(ValueError, match="version"):
        bump_text("name: x\n")
