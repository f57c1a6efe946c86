

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=60, verbose_name='kind')),
                ('email', models.EmailField(max_length=254, verbose_name='address')),
                ('language', models.CharField(choices=[('es', 'Spanish'), ('en', 'English')], max_length=10, verbose_name='language')),
                ('about_id', models.PositiveBigIntegerField(blank=True, null=True)),
                ('key', models.CharField(blank=True, default='', max_length=80)),
                ('group', models.CharField(blank=True, db_index=True, default='', max_length=40)),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed')], default='pending', max_length=10, verbose_name='status')),
                ('subject', models.CharField(blank=True, max_length=255, verbose_name='subject')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                ('recipient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'email',
                'verbose_name_plural': 'emails',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['kind', 'about_id'], name='notificatio_kind_79ae03_idx')],
                'constraints': [models.UniqueConstraint(fields=('kind', 'email', 'key'), name='notification_once')],
            },
        ),
    ]
