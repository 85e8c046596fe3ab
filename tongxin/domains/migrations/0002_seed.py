from django.db import migrations


def seed(apps, schema_editor):
    from tongxin.domains.models import seed

    seed(apps.get_model("domains", "Domain"))


class Migration(migrations.Migration):
    dependencies = [("domains", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
