"""The one catalogue of problems the validator can report.

Each problem type has a stable kebab-case ``code``, a Russian title, a message
template and the fix a clerk should make.  Checks never format messages
themselves: they yield :class:`Problem` objects built from this catalogue, so
the error-code page of the site (generated from :data:`CATALOGUE`) cannot drift
from what the validator prints.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Literal

from roadmaps.text import one_line

Severity = Literal["error", "warning"]
PARAM_LIMIT = 300  # characters of a value quoted in a message


@dataclass(frozen=True)
class ErrorType:
    code: str
    title: str
    template: str
    fix: str
    severity: Severity = "error"

    @property
    def shown(self) -> str:
        """The message as the error codes' page shows it: each value it names from the data («{value}», «{rows}»)
        as «…» — the page is read by staff, not by the code that fills the message in."""
        return "".join(text + ("…" if name is not None else "") for text, name, _spec, _conv in
                       string.Formatter().parse(self.template))

    def __call__(self, file: str = "", row: int | None = None, column: str | None = None,
                 line: int | None = None, **params: object) -> Problem:
        # a value from a file is shown on one line and cut: a message is one line, whatever the data holds
        params = {k: one_line(v, PARAM_LIMIT) if isinstance(v, str) else v for k, v in params.items()}
        file, column = one_line(file, 500), one_line(column, 200) if column is not None else None
        try:
            message = self.template.format(**params)
        except (KeyError, IndexError):  # a check passed the wrong params: still say something useful
            message = self.template
        return Problem(code=self.code, message=message, fix=self.fix, severity=self.severity,
                       file=file, row=row, column=column, line=line if line is not None else row)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    fix: str
    severity: Severity
    file: str = ""
    row: int | None = None  # record number as frictionless counts it (header = 1)
    column: str | None = None
    line: int | None = None  # physical line in the file (differs from row with multi-line cells)
    column_number: int | None = field(default=None, compare=False)
    cell: str | None = None  # in a workbook: «Мероприятия!E14», shown instead of line and column

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        parts = [self.file or "."]
        if self.cell:
            parts.append(self.cell)
        elif self.line is not None:
            parts.append(str(self.line))
            if self.column_number is not None:
                parts.append(str(self.column_number))
        return ":".join(parts)

    def text(self) -> str:
        where = f" [столбец «{self.column}»]" if self.column else ""
        return f"{self.location()}: {self.code} {self.message}{where}. Как исправить: {self.fix}"


CATALOGUE: dict[str, ErrorType] = {}


def _define(code: str, title: str, template: str, fix: str, severity: Severity = "error") -> ErrorType:
    if code in CATALOGUE:
        raise ValueError(f"duplicate error code {code}")
    error = ErrorType(code, title, template, fix, severity)
    CATALOGUE[code] = error
    return error


# --- files and encodings -------------------------------------------------------
FILE_MISSING = _define(
    "file-missing", "Файл не найден",
    "файл «{path}» указан в описании пакета, но его нет",
    "Добавьте файл или исправьте поле path в datapackage.yaml.")
FILE_EMPTY = _define(
    "file-empty", "Пустой файл",
    "файл пуст: в нём нет даже строки заголовков",
    "Восстановите строку заголовков (её можно взять из описания пакета) и данные.")
ENCODING = _define(
    "encoding-not-utf8", "Файл не в кодировке UTF-8",
    "файл сохранён не в UTF-8 (похоже на {guess})",
    "В Excel выберите «Сохранить как» → «CSV UTF-8 (разделитель — запятая)»; "
    "или выполните roadmaps import xlsx.")
DELIMITER = _define(
    "wrong-delimiter", "Разделитель не запятая",
    "столбцы разделены знаком «{delimiter}», а нужна запятая",
    "Сохраните файл как «CSV UTF-8 (разделитель — запятая)»; русский Excel по умолчанию ставит «;».")
UNTERMINATED_QUOTE = _define(
    "unterminated-quote", "Незакрытая кавычка",
    "в ячейке открыта кавычка \" и не закрыта до конца файла",
    "Закройте кавычку в этой строке или удвойте кавычку внутри текста (\"\").")
UNSAFE_PATH = _define(
    "unsafe-path", "Путь выходит за папку пакета",
    "путь «{path}» ведёт за пределы папки пакета",
    "Положите файл в папку пакета и укажите путь относительно неё, без «..» и без «/» в начале.")
YAML_TABS = _define(
    "yaml-tab", "Табуляция в YAML",
    "в YAML нельзя делать отступы табуляцией",
    "Замените символы табуляции в начале строки пробелами (по два на уровень).")
YAML_SYNTAX = _define(
    "yaml-syntax", "Ошибка синтаксиса YAML",
    "не удалось прочитать YAML: {detail}",
    "Проверьте отступы и двоеточия в указанной строке; текст с двоеточием возьмите в кавычки.")
YAML_DUPLICATE_KEY = _define(
    "yaml-duplicate-key", "Ключ YAML повторяется",
    "ключ «{key}» повторяется (впервые в строке {first})",
    "Оставьте ключ один раз: при повторе берётся только последнее значение, а первое молча теряется. "
    "Перенесите нужное значение в одну из строк и удалите другую.")
DESCRIPTOR_INVALID = _define(
    "descriptor-invalid", "Неверное описание пакета",
    "описание пакета не соответствует стандарту: {detail}",
    "Сверьте datapackage.yaml с образцом (roadmaps new создаёт правильный).")
NOT_REGULAR = _define(
    "not-regular-file", "Ссылка вместо файла",
    "«{path}» — {what}; в папке данных допускаются только обычные файлы и папки",
    "Замените ссылку самим файлом (или папкой) либо удалите её: по ссылке нельзя ни проверять, ни публиковать.")
ILLEGAL_CHARACTER = _define(
    "illegal-character", "Недопустимый символ в тексте",
    "в тексте символ {char}: его нельзя записать в книгу Excel и в файлы сайта",
    "Замените символ переводом строки или пробелом (так в текст попадают разрывы строк и страниц из Word).")
TEXT_TOO_LONG = _define(
    "text-too-long", "Текст длиннее ячейки Excel",
    "текст длиной {length} символов длиннее предела ячейки Excel ({limit})",
    "Сократите текст или разделите его на несколько записей: длиннее его не выгрузить в книгу и не загрузить обратно.")
TABLE_TOO_LARGE = _define(
    "table-too-large", "Таблица больше, чем показывает страница",
    "строк в таблице: {rows}, а в одной дорожной карте их может быть не больше {limit} — такую страницу не открыть "
    "на телефоне",
    "Проверьте, не попали ли в файл лишние строки (например, пустые строки из Excel); если нет — разделите документ "
    "на несколько дорожных карт.")
PACKAGE_MISSING = _define(
    "package-missing", "Нет описания пакета",
    "в папке нет datapackage.yaml",
    "Создайте пакет командой roadmaps new или восстановите datapackage.yaml.")

# --- table structure -----------------------------------------------------------
MISSING_COLUMN = _define(
    "missing-column", "Не хватает столбца",
    "в файле нет столбца «{name}»",
    "Добавьте столбец с этим заголовком (порядок столбцов — как в описании пакета).")
EXTRA_COLUMN = _define(
    "extra-column", "Лишний столбец",
    "столбец «{name}» не описан в пакете",
    "Удалите столбец или опишите его в datapackage.yaml; проверьте, не опечатка ли в заголовке.")
COLUMN_ORDER = _define(
    "column-order", "Столбцы в другом порядке",
    "столбец «{name}» стоит на месте {position}, а по описанию должен быть «{expected}»",
    "Расставьте столбцы в порядке описания пакета.")
BLANK_HEADER = _define(
    "blank-header", "Столбец без названия",
    "столбец {number} ({letter}) без названия",
    "Впишите в первую строку название столбца из описания пакета или удалите столбец, если он лишний "
    "(в Excel: правая кнопка на букве столбца → «Удалить»).")
EMPTY_COLUMNS = _define(
    "empty-columns", "Пустые столбцы в конце файла",
    "пустые столбцы без названия в конце таблицы не учитываются: {columns}",
    "Ничего делать не нужно. Чтобы предупреждения не было, удалите в Excel пустые столбцы справа от таблицы "
    "(выделите их по буквам → «Удалить») и сохраните файл снова.", "warning")
ROW_LENGTH = _define(
    "row-length", "Число ячеек в строке не совпадает с заголовком",
    "в строке {actual} ячеек, а столбцов {expected}",
    "Проверьте запятые в строке: текст с запятой должен быть в кавычках.")
BLANK_ROW = _define(
    "blank-row", "Пустая строка",
    "строка пуста",
    "Удалите пустую строку.")
# --- cells (frictionless) ------------------------------------------------------
REQUIRED = _define(
    "required-value", "Обязательное значение пусто",
    "ячейка «{name}» обязательна, но пуста",
    "Заполните ячейку.")
TYPE_ERROR = _define(
    "type-error", "Значение не того типа",
    "значение «{value}» не подходит: ожидается {expected}",
    "Исправьте значение: даты пишутся как 2023-02-21, числа — с точкой (12.5).")
CONSTRAINT = _define(
    "constraint-error", "Значение вне допустимого",
    "значение «{value}» не подходит: {detail}",
    "Исправьте значение; допустимые значения указаны в описании пакета.")
NOT_FINITE = _define(
    "not-finite", "Не число",
    "значение «{value}» должно быть конечным числом",
    "Напишите число цифрами (например, 12.5) или оставьте ячейку пустой, если значения нет: «NaN», «inf» и числа "
    "больше 10^308 на сайте не показать.")
DUPLICATE_ID = _define(
    "duplicate-id", "Повторяющийся идентификатор",
    "идентификатор «{value}» уже встречался в строке {first_row}",
    "Дайте строке новый, ещё не занятый идентификатор.")
REFERENCE = _define(
    "unknown-reference", "Ссылка на несуществующую запись",
    "«{value}» не найден в «{target}»",
    "Исправьте ссылку или добавьте запись, на которую она указывает.")
FRICTIONLESS_OTHER = _define(
    "table-error", "Ошибка таблицы",
    "проверка по стандарту табличных данных: {detail}",
    "Исправьте таблицу по сообщению; если непонятно — обратитесь к ответственному за данные.")
TOO_MANY_ERRORS = _define(
    "too-many-errors", "Слишком много ошибок",
    "показаны первые {limit} ошибок; после исправления запустите проверку снова",
    "Исправьте показанные ошибки и повторите проверку.", "warning")

# --- domain checks -------------------------------------------------------------
VERSION_MISSING = _define(
    "version-missing", "Нет версии пакета",
    "у пакета нет поля version или оно не в формате 1.2.3 (сейчас «{value}»)",
    "Укажите version: 1.0.0 и увеличивайте её при каждом изменении данных.")
METADATA_MISSING = _define(
    "metadata-missing", "Нет обязательного сведения о документе",
    "в описании пакета нет поля «{name}»",
    "Добавьте поле в datapackage.yaml (см. образец roadmaps new).")
METADATA_INVALID = _define(
    "metadata-invalid", "Неверное сведение о документе",
    "поле «{name}»: {detail}",
    "Исправьте поле в datapackage.yaml.")
REQUIRED_RESOURCE = _define(
    "resource-missing", "Нет обязательной таблицы",
    "в пакете нет таблицы «{name}»",
    "Добавьте ресурс {name} (файл {name}.csv) — без него дорожную карту не опубликовать.")
RESOURCE_SCHEMA = _define(
    "schema-mismatch", "Описание таблицы отличается от стандартного",
    "у таблицы «{name}» {detail}",
    "Верните стандартное описание (roadmaps new создаёт его) — на него опираются сайт и отчёты.")
UNKNOWN_ORG = _define(
    "unknown-organization", "Неизвестная организация",
    "организации «{value}» нет в реестре организаций",
    "Добавьте организацию в data/organizations/organizations.csv или исправьте идентификатор.")
DATE_OUT_OF_PERIOD = _define(
    "date-out-of-period", "Дата вне срока дорожной карты",
    "дата {value} вне срока действия дорожной карты ({start}–{end})",
    "Проверьте год: отметка или измерение должны относиться к сроку дорожной карты.")
PERCENT_RANGE = _define(
    "percent-out-of-range", "Процент вне 0–100",
    "значение {value} в процентах вне диапазона 0–100",
    "Проверьте значение и единицу измерения.")
BAD_LINK = _define(
    "bad-link", "Недопустимая ссылка",
    "ссылка «{value}» не принимается: {detail}",
    "Укажите полный адрес документа, начиная с https://, латиницей (или целиком по-русски, как минобрнауки.рф), "
    "без «имя@» перед адресом сайта.")
LINK_INTERNAL = _define(
    "link-internal", "Ссылка на адрес внутренней сети",
    "ссылка «{value}» ведёт {where}: читатели сайта её не откроют",
    "Выложите документ на сайт учреждения (или в открытое хранилище) и укажите его адрес в интернете.",
    severity="warning")
DEADLINE_UNKNOWN = _define(
    "deadline-unparsed", "Срок не распознан",
    "срок «{value}» не удалось понять автоматически; он будет показан как написан",
    "Это предупреждение: если срок конкретный, запишите его как «до 26.12.2022 г.», "
    "«Ежегодно: март, май» или «в течение учебного года».", "warning")
DEADLINE_INVALID = _define(
    "deadline-invalid", "Срок с неверной датой",
    "срок «{value}» не прочитан: {reason}; он будет показан как написан",
    "Это предупреждение: проверьте дату по документу и исправьте её (в феврале 28 или 29 дней, конец срока — "
    "не раньше начала); срок без неё не попадает в календарь и отчёты.", "warning")
ID_FORMAT = _define(
    "id-format", "Неверный идентификатор",
    "идентификатор «{value}» должен состоять из строчных латинских букв, цифр и дефисов",
    "Используйте, например, s1-01 или petrovsky-oo.")
ID_LIST_ITEM = _define(
    "id-list-item", "Неверный идентификатор в списке",
    "идентификатор «{value}» не подходит: {detail}",
    "Пишите идентификаторы организаций из реестра (data/organizations/organizations.csv) строчными латинскими "
    "буквами, цифрами и дефисами, через «;»: petrovsky-oo;petrovsky-schools.")
PACKAGE_NAME = _define(
    "package-name", "Имя пакета не совпадает с папкой",
    "name «{value}» — не имя папки пакета «{folder}»",
    "Напишите в поле name файла datapackage.yaml имя папки пакета — как в сообщении. По имени строятся адреса "
    "страниц и файлов пакета, поэтому оно то же, что у папки, и у двух пакетов не бывает одинаковым.")
PROGRESS_PERIOD = _define(
    "progress-period", "Неверный отчётный период",
    "период «{value}» не распознан",
    "Пишите период как 2023-Q1 (квартал), 2023-H1 (полугодие), 2023 (год) или 2023-03 (месяц).")
EVIDENCE_REQUIRED = _define(
    "evidence-required", "Нет ссылки на подтверждающий документ",
    "отметка «{status}» без ссылки на подтверждающий документ",
    "Добавьте в столбец evidence ссылку на документ (приказ, отчёт, страницу сайта).", "warning")

# --- assessment packages ---------------------------------------------------------
SMALL_GROUP = _define(
    "small-group", "Результат группы менее 10 участников",
    "результат группы из {participants} участников записан числом {value}; результаты групп менее "
    "10 участников не публикуются",
    "Оставьте значение (value) пустым: на сайте будет написано «менее 10 участников».")
PARTICIPANTS_REQUIRED = _define(
    "participants-required", "Не указано число участников",
    "у результата школы не указано число участников — без него нельзя проверить правило "
    "«не менее 10 участников»",
    "Укажите число участников (participants) из протокола процедуры.")
SMALL_COUNT = _define(
    "small-count", "Число обучающихся меньше 10",
    "число {value} человек по одной школе указывает на отдельных обучающихся",
    "Публикуйте по школе долю или оставьте значение пустым; числа человек допустимы от 10 "
    "или по муниципалитету в целом.")
PUPIL_DATA = _define(
    "pupil-data", "Сведения об отдельных обучающихся",
    "столбец «{name}» содержит сведения об отдельных обучающихся; такие данные не принимаются",
    "Удалите столбец: публикуются только сводные результаты по школе, предмету и классу.")
NOT_A_SCHOOL = _define(
    "not-a-school", "Организация не школа",
    "«{value}» в реестре организаций — {kind}, а здесь нужна школа",
    "Укажите идентификатор школы или исправьте вид организации в реестре.")
UNKNOWN_ROADMAP = _define(
    "unknown-roadmap", "Неизвестная дорожная карта или показатель",
    "{what} «{value}» нет в опубликованных дорожных картах",
    "Проверьте идентификатор: он должен совпадать с именем папки в data/roadmaps/ "
    "(и с id показателя в её indicators.csv).")
DUPLICATE_RESULT = _define(
    "duplicate-result", "Повтор записи",
    "запись «{key}» уже есть в строке {other}",
    "Оставьте одну строку: у школы на процедуру, предмет, класс, год и показатель — одно значение.")
STATUS_SEQUENCE = _define(
    "status-sequence", "«Вышла из списка» без входа в список",
    "школа отмечена «вышла из списка» в {year} г., но в данных нет года, когда она была в списке",
    "Добавьте строку о годе, когда школа вошла в список (ШНОР, зона риска или ШНСУ), или проверьте год.",
    "warning")

# --- import of assessment results (roadmaps import results) -------------------------
IMPORT_UNREADABLE = _define(
    "import-unreadable", "Файл результатов не читается",
    "не удалось прочитать файл: {detail}",
    "Откройте файл в Excel (Word) и сохраните заново как «Книга Excel (.xlsx)», «CSV UTF-8» или «Документ Word "
    "(.docx)»; файлы .xls и .doc сначала пересохраните в новом формате.")
IMPORT_FILE_EMPTY = _define(
    "import-file-empty", "Файл пуст",
    "файл пуст (0 байт): в нём ничего не сохранено",
    "Файл не сохранился или не докачался до конца. Откройте исходный файл в Excel (Word), сохраните его заново "
    "как «Книга Excel (.xlsx)» («Документ Word (.docx)») и загрузите снова.")
IMPORT_PROTECTED = _define(
    "import-protected-or-old", "Файл защищён паролем или в старом формате",
    "файл — не {label}: он либо защищён паролем, либо сохранён в старом формате {old}; такой файл не прочитать",
    "Откройте файл в Excel (Word). Если он спрашивает пароль — снимите его: «Файл» → «Сведения» → «Защита книги» "
    "(«Защита документа») → «Зашифровать с использованием пароля», сотрите пароль, нажмите «ОК» и сохраните файл. "
    "Если файл старого формата — «Файл» → «Сохранить как» → «Книга Excel (.xlsx)» («Документ Word (.docx)»). "
    "Затем загрузите файл снова.")
IMPORT_DAMAGED = _define(
    "import-damaged", "Файл повреждён или не того вида",
    "файл повреждён или это не {label}: {detail}",
    "Откройте файл в Excel (Word): если он открывается, сохраните его заново («Файл» → «Сохранить как» → «Книга "
    "Excel (.xlsx)» или «Документ Word (.docx)») и загрузите снова; если не открывается — попросите файл у того, кто "
    "его прислал, ещё раз.")
IMPORT_TOO_LARGE = _define(
    "import-too-large", "Файл больше допустимого",
    "{what}: {size} — больше допустимого ({limit})",
    "Проверьте, тот ли это файл: таблица плана или результатов столько не занимает. Удалите лишние листы, "
    "пустые строки и столбцы до конца листа и сохраните файл заново.")
IMPORT_FORMULA = _define(
    "import-formula", "Формула без значения",
    "лист «{sheet}», ячейка {cell}: формула «{formula}» без сохранённого значения",
    "Замените формулу её значением (в Excel: Копировать → Специальная вставка → Значения) и сохраните книгу в Excel.")
IMPORT_FORMULA_ERROR = _define(
    "import-formula-error", "Формула с ошибкой",
    "в ячейке {where} формула «{formula}», её значение — ошибка Excel {value}{meaning}",
    "Исправьте формулу, чтобы она давала значение, или впишите значение вместо неё; сохраните книгу в Excel и "
    "загрузите снова. Ошибка Excel не данные: ячейку с ней импорт не принимает.")
IMPORT_ERROR_VALUE = _define(
    "import-error-value", "Значение ошибки Excel",
    "в ячейке {where} значение ошибки Excel {value}{meaning}: формулы в ячейке нет, сама ошибка записана как значение",
    "Впишите в ячейку верное значение или очистите её, сохраните книгу и загрузите снова. Такое значение остаётся, "
    "когда вставляют «только значения» из ячейки, где формула дала ошибку: найдите, откуда его скопировали.")
IMPORT_FORMULA_VALUE = _define(
    "import-formula-value", "Формула: взято её значение",
    "формула «{formula}»: в данные взято сохранённое с ней значение «{value}»",
    "Ничего делать не нужно, если значение верное: в данные попадает значение, формула не сохраняется.", "warning")
ID_ASSIGNED = _define(
    "id-assigned", "Строке присвоен идентификатор",
    "идентификатор не заполнен: строке присвоен «{value}» — следующий свободный{where}",
    "Ничего делать не нужно; если строка повторяет другую, удалите её в книге и загрузите книгу снова.", "warning")
WORKBOOK_STRUCTURE = _define(
    "workbook-structure", "Книга устроена не так, как выгрузка",
    "книга не такая, какой её выгружает roadmaps export: {detail}",
    "Выгрузите книгу заново командой roadmaps export xlsx и перенесите в неё правки; не переименовывайте и не "
    "удаляйте листы, не меняйте служебный лист «_пакет».")
WORKBOOK_COLUMN_ADDED = _define(
    "workbook-column-added", "Столбец не из выгрузки",
    "столбец {column_letter} «{title}» добавлен в книгу: его значения не загружены",
    "В данных у таблицы нет такого поля. Перенесите нужное в столбец «Примечание» или попросите добавить поле "
    "в описание пакета (datapackage.yaml); иначе удалите столбец.", "warning")
WORKBOOK_MERGED_CELL = _define(
    "workbook-merged-cell", "Объединённые ячейки",
    "ячейки {where} объединены: значение «{value}» из {top} скопировано в каждую строку объединения ({rows})",
    "Ничего делать не нужно, если значение относится ко всем этим строкам — так их и видно в Excel. Если нет, "
    "отмените объединение («Главная» → «Объединить и поместить в центре») и заполните каждую строку своим "
    "значением.", "warning")
DIFF_REVISION = _define(
    "diff-revision", "Ревизия не найдена",
    "не удалось взять данные ревизии «{rev}»: {detail}",
    "Укажите ревизию git (ветку, метку или хеш коммита, например origin/main) или папку с данными (./data).")
VERSION_NOT_BUMPED = _define(
    "version-not-bumped", "Версия пакета не увеличена",
    "{detail}; в строке {at} увеличьте version: {current} → {suggested}",
    "Данные изменились — увеличьте версию в datapackage.yaml (1.2.0 → 1.3.0): по ней читатели видят новую редакцию.")
IMPORT_COLUMN_MISSING = _define(
    "import-column-missing", "Нет нужного столбца в файле результатов",
    "не найден столбец «{field}» (искали заголовки: {headers})",
    "Переименуйте заголовок столбца в файле или укажите его в карте столбцов (--map), "
    "см. «Как внести изменения» → «Загрузить результаты оценочной процедуры».")
IMPORT_COLUMN_AMBIGUOUS = _define(
    "import-column-ambiguous", "Два столбца на одно поле",
    "для «{field}» подходят несколько столбцов: {headers}",
    "Оставьте один столбец или укажите нужный заголовок в карте столбцов (--map).")
IMPORT_VALUE_MISSING = _define(
    "import-value-missing", "Пустая обязательная ячейка",
    "не заполнено «{field}»",
    "Заполните ячейку или удалите строку из файла.")
IMPORT_BAD_VALUE = _define(
    "import-bad-value", "Значение не распознано",
    "«{value}» не подходит: {detail}",
    "Исправьте ячейку: числа пишутся как 12,5 или 12.5 (можно «12,5 %»), число участников — целое, "
    "класс — от 1 до 11.")
IMPORT_SCHOOL_UNKNOWN = _define(
    "import-school-unknown", "Школа не найдена в реестре",
    "школа «{value}» не найдена в реестре организаций{scope}",
    "Напишите название так, как в реестре (полное, краткое или одно из написаний aliases), или "
    "идентификатор школы; новую школу добавьте в data/organizations/organizations.csv (вид «школа»). "
    "Строку итогов по региону удалите.")
IMPORT_SCHOOL_AMBIGUOUS = _define(
    "import-school-ambiguous", "Название подходит к нескольким школам",
    "«{value}» подходит к нескольким школам: {ids}",
    "Напишите в ячейке идентификатор школы или полное название; при необходимости уточните "
    "написания (aliases) в реестре организаций.")
IMPORT_SMALL_GROUP = _define(
    "import-small-group", "Менее 10 участников: результат не публикуется",
    "менее 10 участников ({participants}): результат не публикуется — значения не перенесены, "
    "число участников записано",
    "Ничего делать не нужно: на сайте будет написано «менее 10 участников».", "warning")
IMPORT_SMALL_COUNT = _define(
    "import-small-count", "Число человек меньше 10: не публикуется",
    "число {value} человек по одной школе указывает на отдельных обучающихся — значение не перенесено",
    "Ничего делать не нужно: по школе публикуются доли; числа человек — от 10 или по муниципалитету.",
    "warning")
IMPORT_RESULTS_EXIST = _define(
    "import-results-exist", "Результаты уже загружены",
    "в пакете уже есть результаты {procedure} {year} года (строк: {count})",
    "Чтобы заменить их данными этого файла, повторите команду с флагом --replace.")
# --- roadmaps inbox: files uploaded into inbox/ --------------------------------------------------------------------
INBOX_FILE = _define("inbox-file", "Файл в inbox не принят", "файл не принят: {detail}",
                     "Загружайте в inbox/ только файлы, описанные в inbox/README.md (.xlsx, .docx, .csv, .yaml).")
INBOX_SETTINGS = _define("inbox-settings", "Ошибка в файле настроек .yaml", "файл настроек: {detail}",
                         "Исправьте файл .yaml по образцу из inbox/README.md и загрузите его снова.")
INBOX_NOTE = _define("inbox-note", "Требует проверки", "проверьте: {detail}", "Сверьте место с документом.", "warning")

IMPORT_OPTION = _define(
    "import-option", "Не хватает сведения для импорта", "параметр {option}: {detail}",
    "Допишите в команду все названные здесь параметры сразу (или впишите их в документ) и повторите импорт.")
IMPORT_NO_PLAN = _define(
    "import-no-plan", "В документе нет таблицы плана", "не найдена таблица плана мероприятий: {detail}",
    "Нужна таблица, в шапке которой есть графа текста («Мероприятие», «Содержание мероприятия», «Направления "
    "деятельности») и графа срока («Срок», «Сроки исполнения» или графы по годам); поправьте шапку в документе.")
IMPORT_ISSUER_UNKNOWN = _define(
    "import-issuer-unknown", "Издатель документа не найден в реестре",
    "кто утвердил, напечатано как «{value}»; такой организации нет в реестре организаций{hint}",
    "Укажите --issuer ID организации из data/organizations/organizations.csv (и добавьте это написание в её "
    "aliases) или повторите импорт с --add-issuer: организация будет добавлена в реестр с напечатанным названием.")


def describe_catalogue() -> list[ErrorType]:
    """All error types, sorted by code, for documentation pages and tests."""
    return sorted(CATALOGUE.values(), key=lambda e: e.code)


# --------------------------------------------------------------------------- how problems are printed
def _github_escape(text: str, property_: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_problem(problem: Problem, fmt: str) -> str:
    if fmt == "github":
        level = "error" if problem.is_error else "warning"
        props = [f"file={_github_escape(problem.file, True)}"]
        if problem.line is not None:
            props.append(f"line={problem.line}")
        if problem.column_number is not None:
            props.append(f"col={problem.column_number}")
        props.append(f"title={_github_escape(problem.code, True)}")
        message = f"{problem.cell + ': ' if problem.cell else ''}{problem.message}. Как исправить: {problem.fix}"
        return f"::{level} {','.join(props)}::{_github_escape(message)}"
    return problem.text()


def problem_dict(problem: Problem) -> dict:
    return {"code": problem.code, "severity": problem.severity, "file": problem.file, "row": problem.row,
            "line": problem.line, "column": problem.column, "column_number": problem.column_number,
            "message": problem.message, "fix": problem.fix, "cell": problem.cell}
