"""PyYAML's reasons for not reading a file, in plain Russian, and the line they point at.

PyYAML says why in English («mapping values are not allowed here»); a person who edits ``datapackage.yaml`` reads
the messages in Russian, in the terms of what they typed: a colon, a quote, an indent.  Each reason PyYAML gives
is matched by how it begins; one not in the table is still told in Russian (:data:`UNKNOWN`), never in English.
"""

from __future__ import annotations

import yaml

# (how PyYAML's context and problem, joined by « ; », begin or contain; what it means, in plain Russian)
REASONS: tuple[tuple[str, str], ...] = (
    ("while scanning a quoted scalar", "кавычка не закрыта: найдите вторую кавычку этого текста"),
    ("while scanning a double-quoted scalar; found unknown escape",
     "в тексте в двойных кавычках «\\» стоит перед знаком, которого она не обозначает: напишите «\\\\» "
     "или возьмите текст в одинарные кавычки"),
    ("while scanning a double-quoted scalar; expected escape sequence",
     "в тексте в двойных кавычках «\\x», «\\u» или «\\U» без нужного числа шестнадцатеричных цифр"),
    ("while scanning a simple key", "в строке нет двоеточия «:» после имени поля (или не закрыта кавычка выше)"),
    ("while scanning a block scalar", "после «|» или «>» в этой строке лишние знаки: текст начинается со следующей"),
    ("expected a single document", "в файле больше одного документа (строка «---» посередине): оставьте один"),
    ("found duplicate anchor", "метка «&имя» встречается дважды: дайте второй другое имя"),
    ("mapping values are not allowed here",
     "двоеточие с пробелом внутри значения (или строка сдвинута не так, как соседние): возьмите значение "
     "в кавычки или выровняйте отступ"),
    ("mapping keys are not allowed here", "знак «?» здесь не на месте: возьмите значение в кавычки"),
    ("could not find expected ':'", "в строке нет двоеточия «:» после имени поля"),
    ("did not find expected key", "строка сдвинута не так, как соседние поля: выровняйте отступ"),
    ("did not find expected '-' indicator", "строка сдвинута не так, как элементы списка «- …»: выровняйте отступ"),
    ("did not find expected node content", "нет значения там, где оно должно быть"),
    ("expected <block end>, but found '<scalar>'", "после значения в кавычках в этой строке лишний текст: "
                                                   "возьмите всё значение в одни кавычки"),
    ("expected <block end>", "отступ строки не совпадает с отступами соседних строк: выровняйте отступ"),
    ("expected ',' or ']'", "список в квадратных скобках не закрыт «]» или в нём не хватает запятой"),
    ("expected ',' or '}'", "словарь в фигурных скобках не закрыт «}» или в нём не хватает запятой"),
    ("expected the node content", "нет значения там, где оно должно быть"),
    ("expected '<document start>'", "лишний текст после конца документа"),
    ("found unexpected end of stream", "файл закончился, а кавычка или скобка не закрыта"),
    ("found unexpected document separator", "строка «---» или «...» посреди значения"),
    ("found undefined alias", "ссылка «*имя» на метку «&имя», которой в файле нет"),
    ("found character '\\t'", "табуляция: замените её пробелами"),
    ("found character", "значение начинается со знака, с которого в YAML начинать нельзя (@, `, %): "
                        "возьмите значение в кавычки"),
    ("found unknown escape character",
     "в тексте в двойных кавычках «\\» стоит перед знаком, которого она не обозначает: напишите «\\\\» "
     "или возьмите текст в одинарные кавычки"),
    ("expected escape sequence", "в тексте в двойных кавычках «\\x», «\\u» или «\\U» без нужного числа цифр"),
    ("could not determine a constructor for the tag", "метка типа «!…» не поддерживается: уберите её"),
    ("expected a comment or a line break", "после значения в этой строке лишние знаки: возьмите всё значение "
                                           "в кавычки"),
    ("special characters are not allowed", "в файле недопустимый управляющий знак (его не видно в редакторе): "
                                           "перепечатайте строку"),
    ("unacceptable character", "в файле недопустимый знак: перепечатайте строку"),
    ("expected alphabetic or numeric character", "после «&» или «*» должно идти имя метки: возьмите значение "
                                                 "в кавычки"),
    ("found unhashable key", "имя поля — список или словарь, а должно быть текстом"),
    ("found unconstructable recursive node", "значение ссылается само на себя"),
    ("expected a mapping", "«<<» объединяет только словари"),
    ("expected chomping or indentation indicators", "после «|» или «>» в этой строке лишние знаки"),
    ("expected indentation indicator", "после «|» или «>» в этой строке лишние знаки"),
    ("found incompatible YAML document", "неподдерживаемая версия YAML в строке «%YAML»: уберите эту строку"),
    ("found duplicate YAML directive", "строка «%YAML» повторяется: уберите её"),
    ("found duplicate tag handle", "строка «%TAG» повторяется: уберите её"),
    ("found undefined tag handle", "метка типа «!…» не поддерживается: уберите её"),
    ("found non-specific tag", "метка типа «!» не поддерживается: уберите её"),
    ("expected non-empty name appended to the tag", "метка типа «!…» записана неверно: уберите её"),
    ("expected URI", "метка типа «!…» записана неверно: уберите её"),
    ("expected '!'", "метка типа «!…» записана неверно: уберите её"),
    ("expected '>'", "метка типа «!<…>» не закрыта: уберите её"),
    ("expected ' '", "после «%» или «!» не хватает пробела"),
    ("expected a digit", "строка «%YAML» записана неверно: уберите её"),
)
UNREADABLE_VALUE = "значение не читается как дата, время или число: проверьте его или возьмите в кавычки"
UNKNOWN = "ошибка записи в этой строке: проверьте отступы, двоеточия и кавычки"


def reason(exc: BaseException) -> str:
    """Why PyYAML did not read a file, in plain Russian (:class:`roadmaps.data.load.YamlRefused` says it so itself)."""
    problem = str(getattr(exc, "problem", None) or "")
    context = str(getattr(exc, "context", None) or "")
    told = "; ".join(part for part in (context, problem or str(exc)) if part)
    for begins, meaning in REASONS:
        if begins in told:
            return meaning
    return UNKNOWN


def line(exc: BaseException, text: str = "") -> int | None:
    """The line (from 1) the error points at: where an unclosed quote opens, else where PyYAML stopped."""
    context_mark = getattr(exc, "context_mark", None)
    if context_mark is not None and getattr(exc, "context", None) == "while scanning a quoted scalar":
        return context_mark.line + 1
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return mark.line + 1
    position = getattr(exc, "position", None)  # a ReaderError: a character the reader refuses
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(position, int) and text:
        return text.count("\n", 0, position) + 1
    return None
