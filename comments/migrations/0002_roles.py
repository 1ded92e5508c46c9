from django.db import migrations

# Used to add the moderation roles by importing live code; roles are now synced after
# every migrate (comments/roles.py, newsroom/roles.py). Kept, empty, for the history.


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = []
