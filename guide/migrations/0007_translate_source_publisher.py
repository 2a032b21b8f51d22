from django.db import migrations, models
from django.db.models import F


def publisher_in_english(apps, schema_editor):
    """Existing publishers are English: they become the English translation."""
    Source = apps.get_model("guide", "Source")
    Source.objects.filter(publisher_en__isnull=True).update(publisher_en=F("publisher"))


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0006_indicator_national_counterpart"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="publisher_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="publisher"),
        ),
        migrations.AddField(
            model_name="source",
            name="publisher_zh_hans",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="publisher"),
        ),
        migrations.RunPython(publisher_in_english, migrations.RunPython.noop),
    ]
