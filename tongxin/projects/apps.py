from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "tongxin.projects"
    label = "projects"
    verbose_name = "项目"
