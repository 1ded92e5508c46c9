"""British English as the newsroom writes it: the 24-hour clock the public site uses
("15:34"), where Django's en_GB formats say "3:34 p.m." (FORMAT_MODULE_PATH)."""

DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
