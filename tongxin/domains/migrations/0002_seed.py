from django.db import migrations


def seed(apps, schema_editor):
    from tongxin.domains.models import SEED

    Domain = apps.get_model("domains", "Domain")
    for position, (code, zh, en) in enumerate(SEED, start=1):
        Domain.objects.update_or_create(code=code, defaults={"name_zh": zh, "name_en": en, "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("domains", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
