{{/* Labels shared by every object of one service. */}}
{{- define "bulwark.labels" -}}
app.kubernetes.io/name: bulwark
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{- end -}}

{{- define "bulwark.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Env every container gets: shared values, the secret, and each service's in-cluster URL. */}}
{{- define "bulwark.env" -}}
{{- range $key, $value := .root.Values.env }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
- name: DATABASE_URL_BASE
  valueFrom: { secretKeyRef: { name: {{ .root.Values.existingSecret }}, key: DATABASE_URL_BASE } }
- name: REDIS_URL
  valueFrom: { secretKeyRef: { name: {{ .root.Values.existingSecret }}, key: REDIS_URL } }
- name: BULWARK_KEK
  valueFrom: { secretKeyRef: { name: {{ .root.Values.existingSecret }}, key: BULWARK_KEK } }
{{- range $name, $svc := .root.Values.services }}
- name: {{ $name | upper }}_URL
  value: "http://{{ $.root.Release.Name }}-{{ $name }}:{{ $svc.port }}"
{{- end }}
{{- if .svc.database }}
- name: DATABASE_URL
  value: "$(DATABASE_URL_BASE)/{{ .svc.database }}"
{{- end }}
- name: {{ .svc.portEnv }}
  value: {{ .svc.port | quote }}
- name: {{ .svc.hostEnv }}
  value: "0.0.0.0"
{{- end -}}
