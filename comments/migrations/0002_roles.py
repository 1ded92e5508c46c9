from django.db import migrations

from articles.roles import COMMENT_ROLES, sync_roles


def add_comment_roles(apps, schema_editor):
    sync_roles(apps, COMMENT_ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(add_comment_roles, migrations.RunPython.noop)]
