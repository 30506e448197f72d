"""Engine-free lookup of objects by name, shared by every package below `lamina.saving`.

`registered_objects` holds the state behind `lamina.saving.register_keras_serializable` and
`CustomObjectScope`; `object_family` implements the `get` / `serialize` / `deserialize`
functions of `lamina.activations`, `losses`, `metrics`, `initializers`, `regularizers`,
`constraints`, `optimizers` and `layers` on top of it. Neither module imports anything
else from lamina, so the lowest package can use them without an import cycle; the public
names stay in `lamina.saving`.
"""
