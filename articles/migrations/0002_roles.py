from django.db import migrations

# This migration used to create the staff groups by importing live code. Roles are now
# declared by each app (articles/roles.py, comments/roles.py) and synced after every
# migrate by newsroom/roles.py; the migration stays, empty, so existing databases and
# the migrations that depend on it keep their history.


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = []
