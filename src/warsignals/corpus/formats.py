"""Names of the corpus formats and column keys (light: the CLI parser imports them without pandas)."""

COLUMN_KEYS: tuple[str, ...] = ("text", "date", "id", "title", "source", "speaker", "precision")
FORMATS: tuple[str, ...] = ("txt", "vtt", "srt", "json", "jsonl", "csv", "parquet")
